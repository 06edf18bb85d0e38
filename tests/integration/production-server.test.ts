import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxProxyBodyBytes } from "@/lib/config/next-build";
import { newGuest } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { freePort } from "../support/free-port";

/**
 * scripts/server.cjs, the production server (`npm start`, the Docker image): Next.js started with the configuration
 * its build wrote, plus what next.config.ts takes from the environment at run time.
 */
const ROOT = path.resolve(__dirname, "../..");
const SERVER = path.join(ROOT, "scripts/server.cjs");
const BASE_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function run(args: string[], env: Record<string, string | undefined>, cwd = ROOT, server = SERVER): Run {
  const child = spawn(process.execPath, [server, ...args], { cwd, env: { ...BASE_ENV, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** /api/health's status once the server answers, or the output if it exits first. */
async function healthOf(url: string, started: Run): Promise<number> {
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`the server exited with ${started.child.exitCode}:\n${started.output()}`);
    const response = await fetch(`${url}/api/health`).catch(() => null);
    if (response) {
      await response.body?.cancel();
      return response.status;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stop(started: Run): Promise<void> {
  if (started.child.exitCode === null) started.child.kill("SIGTERM");
  await started.exited;
}

function uploadText(url: string, cookie: string, bytes: number) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes).fill(0x61)], { type: "text/plain" }), "large.txt");
  return fetch(`${url}/api/files`, { method: "POST", body: form, headers: { cookie } });
}

describe("the proxy's body limit is the one of the environment the server runs in", () => {
  let server: AppServer;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(path.join(tmpdir(), "chatbot-server-uploads-"));
    server = await startAppServer({ UPLOAD_MAX_FILE_MB: "30", UPLOAD_DIR: uploadDir });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it("passes a 25 MB upload that the build's default limit would have cut short", async () => {
    // The suite's build ran without UPLOAD_MAX_FILE_MB: its written config holds the 20 MB default's limit.
    const built = JSON.parse(readFileSync(path.join(ROOT, ".next/required-server-files.json"), "utf8")) as { config: { experimental: { proxyClientMaxBodySize: number } } };
    expect(built.config.experimental.proxyClientMaxBodySize).toBe(maxProxyBodyBytes({}));
    const bytes = 25_000_000;
    expect(bytes).toBeGreaterThan(built.config.experimental.proxyClientMaxBodySize);
    const guest = await newGuest(server.url);
    const response = await uploadText(server.url, guest.cookie, bytes);
    const body = (await response.json()) as { file?: { size: number; name: string } };
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.file).toMatchObject({ size: bytes, name: "large.txt" });
  });

  it("compresses API answers as `next start` does, though the suite's Vercel build wrote compression off", async () => {
    const built = JSON.parse(readFileSync(path.join(ROOT, ".next/required-server-files.json"), "utf8")) as { config: { compress: boolean; experimental: { trustHostHeader: boolean } } };
    // scripts/test.sh builds with `vercel build`, which writes Vercel's own runtime values.
    expect(built.config).toMatchObject({ compress: false, experimental: { trustHostHeader: true } });
    const guest = await newGuest(server.url);
    const response = await fetch(`${server.url}/api/models`, { headers: { cookie: guest.cookie, "accept-encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    await response.body?.cancel();
  });

  it("does not load SWC's native binding, which `next start` keeps resident to compile next.config.ts", () => {
    const maps = readFileSync(`/proc/${server.pid}/maps`, "utf8");
    expect(maps).toContain("node");
    expect(maps).not.toMatch(/next-swc|@next\/swc/);
  });
});

describe("scripts/server.cjs's options", () => {
  it("listens on PORT when no -p is given, and reads .env.local as `next start` does", async () => {
    // A copy of the app's directory whose only own file is .env.local, the sole source of AUTH_SECRET: without it the
    // production boot refuses to start.
    const dir = mkdtempSync(path.join(tmpdir(), "chatbot-server-dir-"));
    try {
      for (const entry of [".next", "node_modules", "package.json", "drizzle"]) symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
      for (const file of ["scripts/server.cjs", "lib/config/proxy-body-limit.cjs"]) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        cpSync(path.join(ROOT, file), path.join(dir, file));
      }
      writeFileSync(path.join(dir, ".env.local"), "AUTH_SECRET=from-the-env-local-file-of-this-test\n");
      const port = await freePort();
      const started = run([], { PORT: String(port), CHATBOT_DATA_DIR: path.join(dir, "data") }, dir, path.join(dir, "scripts/server.cjs"));
      try {
        expect(await healthOf(`http://127.0.0.1:${port}`, started)).toBe(200);
      } finally {
        await stop(started);
      }
      expect(started.output()).not.toMatch(/AUTH_SECRET/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    { case: "an unknown option", args: ["--bogus"], env: {}, says: /Unknown option '--bogus'[\s\S]*usage: node scripts\/server\.cjs/ },
    { case: "a port that is not a number", args: ["-p", "http"], env: {}, says: /the port must be a whole number from 0 to 65535, not "http"/ },
    { case: "a negative keep-alive timeout", args: ["--keepAliveTimeout=-5"], env: {}, says: /the keep-alive timeout must be a whole number from 0 to \d+, not "-5"/ },
    { case: "a KEEP_ALIVE_TIMEOUT that is not a number", args: [], env: { KEEP_ALIVE_TIMEOUT: "soon" }, says: /the keep-alive timeout must be a whole number from 0 to \d+, not "soon"/ },
  ])("refuses $case with one line saying so, before starting anything", async ({ args, env, says }) => {
    const started = run(args, { AUTH_SECRET: "unused", ...env });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(says);
    expect(started.output()).not.toMatch(/Next\.js|\bat .+\.js:\d+/);
  });

  it("says to build first when the directory has no production build", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chatbot-server-nobuild-"));
    try {
      for (const file of ["scripts/server.cjs", "lib/config/proxy-body-limit.cjs"]) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        cpSync(path.join(ROOT, file), path.join(dir, file));
      }
      const started = run([], { AUTH_SECRET: "unused" }, dir, path.join(dir, "scripts/server.cjs"));
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`no production build in ${path.join(dir, ".next")}: run \`npm run build\` first`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
