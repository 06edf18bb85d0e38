import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { eventually, getChat, type Guest, newGuest, postChat, readUIStream, type StoredChat, userMessage } from "../support/api-client";
import { makePdf } from "../support/pdf-writer";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";
import { listFunctions, readFunctionConfig, serveVercelOutput, stageFunction, type VercelDeployment } from "../support/vercel-output";
import { makeDocx } from "../support/zip-writer";

// `vercel build --prod` (npm test runs it through scripts/vercel-build-local.sh) writes this; nothing here logs in.
const ROOT = path.resolve(__dirname, "../..");
const OUTPUT_DIR = path.join(ROOT, ".vercel", "output");

/** The project's environment as an operator sets it in the Vercel dashboard. */
const PROJECT_ENV = {
  AUTH_SECRET: "vercel-test-secret-for-the-test-suite-only",
  DEMO_STREAM_DELAY_MS: "0",
  LOG_LEVEL: "warn",
  DB_POOL_MAX: "3",
  API_REQUESTS_PER_MINUTE: "1000000",
  GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
  GUEST_CREATIONS_PER_HOUR: "1000000",
};

const DOCUMENT_REQUEST = { accept: "text/html,application/xhtml+xml", "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" };

type Health = { database: { type: string; connected: boolean }; environment: { production: boolean } };

/** Health once the store's first probe has answered within its timeout (a cold start on a busy machine may not). */
async function waitForHealthy(deployment: VercelDeployment): Promise<Health> {
  let last = "";
  try {
    return await eventually(async () => {
      const response = await fetch(`${deployment.url}/api/health`);
      last = `${response.status} ${await response.text()}`;
      return response.status === 200 ? (JSON.parse(last.slice(4)) as Health) : undefined;
    });
  } catch (error) {
    throw new Error(`/api/health never answered 200; last: ${last}\n${deployment.output()}`, { cause: error });
  }
}

function requireOutput(): void {
  if (!existsSync(path.join(OUTPUT_DIR, "config.json"))) {
    throw new Error("No Vercel build output: run `npm run build:vercel` first (npm test does).");
  }
}

describe("the Vercel build output", () => {
  // The middleware function boots the app too (instrumentation.ts runs in every Node.js function).
  it("lists the migrations and PGlite's WASM and data in every function", async () => {
    requireOutput();
    const functions = await listFunctions(OUTPUT_DIR);
    const directories = [...new Set(functions.map((entry) => entry.dir))];
    expect(directories.length).toBeGreaterThan(1);
    for (const dir of directories) {
      const config = await readFunctionConfig(dir);
      expect(config.launcherType, dir).toBe("Nodejs");
      const files = Object.keys(config.filePathMap ?? {});
      expect(files, `${path.relative(OUTPUT_DIR, dir)} ships the migrations`).toContain("drizzle/meta/_journal.json");
      expect(files.filter((file) => file.startsWith("drizzle/") && file.endsWith(".sql")).length).toBeGreaterThan(0);
      for (const pglite of ["pglite.wasm", "pglite.data", "initdb.wasm"]) {
        expect(files, `${path.relative(OUTPUT_DIR, dir)} ships ${pglite}`).toContain(`node_modules/@electric-sql/pglite/dist/${pglite}`);
      }
    }
  });
});

describe("the upload function's document extraction", () => {
  let staging: string;

  afterAll(async () => {
    if (staging) await rm(staging, { recursive: true, force: true });
  });

  // On Vercel, uploads need Blob, which cannot be reached from here: the worker is run from the function's own files.
  it("ships its worker with unpdf and mammoth: run from that function's files alone, it reads a PDF and a DOCX", async () => {
    requireOutput();
    const dir = await realpath(path.join(OUTPUT_DIR, "functions", "api", "files.func"));
    const files = Object.keys((await readFunctionConfig(dir)).filePathMap ?? {});
    const [worker, ...others] = files.filter((file) => /extract-worker/.test(file) && file.endsWith(".js") && file.includes("[worker thread]"));
    expect(worker, files.filter((file) => file.startsWith(".next/server/chunks/")).join("\n")).toBeDefined();
    expect(others).toEqual([]);
    for (const name of ["unpdf", "mammoth"]) expect(files.some((file) => file.startsWith(`node_modules/${name}/`)), name).toBe(true);
    staging = await mkdtemp(path.join(tmpdir(), "chatbot-vercel-worker-"));
    const target = path.join(staging, "files.func");
    await stageFunction(dir, ROOT, target);

    const extract = (job: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) => {
        const thread = new Worker(path.join(target, worker ?? ""), { workerData: { maxChars: 1_000, maxInflatedBytes: 10_000_000, ...job } });
        thread.once("message", (outcome) => {
          resolve(outcome);
          void thread.terminate();
        });
        thread.once("error", reject);
        thread.once("exit", (code) => reject(new Error(`the worker exited (${code}) without an answer`)));
      });
    const pdf = makePdf({ pages: [{ lines: ["Quarterly revenue grew"] }, { lines: ["Costs fell"] }] });
    expect(await extract({ kind: "pdf", bytes: new Uint8Array(pdf) })).toEqual({
      ok: true,
      kind: "pdf",
      text: "[Page 1]\nQuarterly revenue grew\n\n[Page 2]\nCosts fell",
      pageCount: 2,
      truncated: false,
    });
    expect(await extract({ kind: "zip", bytes: new Uint8Array(makeDocx(["Board minutes", "Ship it."])) })).toMatchObject({
      ok: true,
      kind: "docx",
      text: expect.stringContaining("Board minutes"),
    });
  });
});

describe("a Vercel deployment on PostgreSQL, each function alone in its own directory and process", () => {
  let database: ScratchDatabase;
  let deployment: VercelDeployment;

  beforeAll(async () => {
    requireOutput();
    database = await createScratchDatabase(inject("postgresUrl"), "vercel");
    deployment = await serveVercelOutput({ outputDir: OUTPUT_DIR, projectRoot: ROOT, env: { ...PROJECT_ENV, POSTGRES_URL: database.url } });
  });

  afterAll(async () => {
    await deployment?.stop();
    await database?.drop();
  });

  const failWithOutput = (message: string) => `${message}\n--- function output ---\n${deployment.output()}`;

  it("answers /api/health 200 with PostgreSQL connected, migrated by the function at boot", async () => {
    const body = await waitForHealthy(deployment);
    expect(body.database).toMatchObject({ type: "postgres", connected: true });
    expect(body.environment.production).toBe(true);
  });

  it("sends a first visit through guest sign-in and then serves the chat page with its scripts and headers", async () => {
    const first = await fetch(`${deployment.url}/`, { headers: DOCUMENT_REQUEST, redirect: "manual" });
    await first.body?.cancel();
    expect(first.status, failWithOutput("first visit")).toBe(307);
    const guestUrl = new URL(first.headers.get("location") ?? "", deployment.url);
    expect(guestUrl.pathname).toBe("/api/auth/guest");

    const signIn = await fetch(`${deployment.url}${guestUrl.pathname}${guestUrl.search}`, { headers: DOCUMENT_REQUEST, redirect: "manual" });
    await signIn.body?.cancel();
    expect(signIn.status, failWithOutput("guest sign-in")).toBeGreaterThanOrEqual(300);
    expect(signIn.status).toBeLessThan(400);
    const cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0] ?? "")
      .filter((pair) => pair.includes("session-token="))
      .join("; ");
    expect(cookie).not.toBe("");

    const page = await fetch(`${deployment.url}/`, { headers: { ...DOCUMENT_REQUEST, cookie } });
    const html = await page.text();
    expect(page.status, failWithOutput("chat page")).toBe(200);
    expect(html).toContain('aria-label="Message"');
    // The middleware's nonce reaches the page's scripts, and next.config.ts's headers come through config.json.
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-frame-options")).toBe("DENY");

    const scripts = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const asset = await fetch(`${deployment.url}${script}`);
      await asset.body?.cancel();
      expect(asset.status, script).toBe(200);
    }
  });

  it("streams a demo answer through a guest session, saves it, and shows the chat at /chat/<id>", async () => {
    const guest: Guest = await newGuest(deployment.url);
    const chatId = randomUUID();
    const response = await postChat(deployment.url, guest, { id: chatId, message: userMessage("Hello from a Vercel function") });
    expect(response.status, failWithOutput("POST /api/chat")).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const { text } = await readUIStream(response);
    expect(text.length).toBeGreaterThan(0);

    // Saving the answer runs in after(), which on Vercel lives on the request context's waitUntil.
    const saved = await eventually(async () => {
      const chat = (await (await getChat(deployment.url, guest, chatId)).json()) as StoredChat;
      return chat.messages.some((message) => message.role === "assistant" && message.metadata.status === "complete") ? chat : undefined;
    });
    expect(saved.messages.map((message) => message.role)).toEqual(["user", "assistant"]);

    const page = await fetch(`${deployment.url}/chat/${chatId}`, { headers: { ...DOCUMENT_REQUEST, cookie: guest.cookie } });
    const html = await page.text();
    expect(page.status, failWithOutput("chat page of a saved chat")).toBe(200);
    expect(html).toContain("Hello from a Vercel function");
  });

  it("boots every function on its own and answers each of its routes without a server error", async () => {
    const guest = await newGuest(deployment.url);
    const functions = await listFunctions(OUTPUT_DIR);
    // Client-side navigation variants (.rsc, segment prefetches) reach the same functions as their pages.
    const routes = functions.filter((entry) => !entry.name.includes(".rsc") && !entry.name.includes(".segments/") && entry.name !== "_middleware");
    const answers: string[] = [];
    for (const entry of routes) {
      const pathname = `/${entry.name}`
        .replace(/^\/index$/, "/")
        .replace(/\[\.\.\.[^\]]+\]/g, "session")
        .replace(/\[[^\]]+\]/g, randomUUID());
      const response = await fetch(`${deployment.url}${pathname}`, { headers: { cookie: guest.cookie }, redirect: "manual" });
      await response.body?.cancel();
      answers.push(`${pathname} ${response.status}`);
      expect(response.status, failWithOutput(`GET ${pathname}`)).toBeLessThan(500);
    }
    const distinct = new Set(functions.map((entry) => entry.dir));
    expect(new Set(deployment.startedFunctions()), answers.join("\n")).toEqual(distinct);
  }, 240_000);
});

describe("a Vercel function on PGlite", () => {
  let deployment: VercelDeployment;
  let dir: string;

  afterAll(async () => {
    await deployment?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("opens an embedded database from the WASM and data files its trace ships", async () => {
    requireOutput();
    dir = await mkdtemp(path.join(tmpdir(), "chatbot-vercel-pglite-"));
    deployment = await serveVercelOutput({ outputDir: OUTPUT_DIR, projectRoot: ROOT, env: { ...PROJECT_ENV, PGLITE_DIR: dir } });
    const body = await waitForHealthy(deployment);
    expect(body.database).toMatchObject({ type: "pglite", connected: true });
  });
});
