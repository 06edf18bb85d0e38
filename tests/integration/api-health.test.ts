import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { composeDemoAnswer } from "@/lib/ai/demo-answer";
import { eventually, getChat, newGuest, postChat, readUIStream, type StoredChat, userMessage } from "../support/api-client";
import { type AppServer, runAppServerExpectingExit, startAppServer } from "../support/app-server";
import { freePort } from "../support/free-port";
import { startPostgres } from "../support/postgres";
import { createScratchDatabase } from "../support/test-database";

const SEED_KEYS = ["status", "timestamp", "environment", "database", "features", "mode"];
const servers: AppServer[] = [];

async function start(env: Record<string, string> = {}): Promise<AppServer> {
  const server = await startAppServer(env);
  servers.push(server);
  return server;
}

async function health(server: AppServer) {
  const response = await fetch(`${server.url}/api/health`);
  return { response, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserting on an untyped JSON document
}

/**
 * Health once it says `status`. Each probe has a 60 ms budget, so on a busy machine a server that has just started
 * may truthfully answer unhealthy first (its store still booting, or its first probe late); the probe runs again once
 * its cached result is a second old.
 */
async function healthOnce(server: AppServer, status: "healthy" | "degraded") {
  let last = "no answer";
  try {
    return await eventually(async () => {
      const answer = await health(server);
      last = `${answer.response.status} ${JSON.stringify(answer.body)}`;
      return answer.body.status === status ? answer : undefined;
    });
  } catch (error) {
    throw new Error(`/api/health never said ${status}; last: ${last}`, { cause: error });
  }
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

describe("/api/health in demo mode", () => {
  it("answers 200 healthy with every key of the seed contract and no-store", async () => {
    const server = await start();
    const { response, body } = await health(server);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    for (const key of SEED_KEYS) expect(body).toHaveProperty(key);
    expect(body.status).toBe("healthy");
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    expect(body.environment).toEqual({ production: true, development: false, test: true });
    expect(body.database).toMatchObject({ connected: false, type: "mock" });
    expect(body.features).toEqual({
      auth: "configured",
      ai: { xai: "missing", openai: "missing", custom: "missing" },
      storage: { blob: "missing", redis: "missing" },
    });
    expect(body.mode).toBe("demo");

    const head = await fetch(`${server.url}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("cache-control")).toBe("no-store");
    expect(await head.text()).toBe("");
  });

  it("reports a configured provider without revealing its key or URL", async () => {
    const server = await start({ XAI_API_KEY: "xai-secret-key-123", CUSTOM_AI_BASE_URL: "http://10.0.0.1:11434/v1", CUSTOM_AI_MODELS: "llama3" });
    const { body } = await health(server);
    expect(body.features.ai).toEqual({ xai: "configured", openai: "missing", custom: "configured" });
    const text = JSON.stringify(body);
    expect(text).not.toContain("xai-secret-key-123");
    expect(text).not.toContain("10.0.0.1");
    expect(text).not.toContain("test-secret-for-the-test-suite-only");
  });
});

describe("/api/health and chat on PostgreSQL", () => {
  it("is healthy on a reachable Postgres, and chats land in its tables", async () => {
    const { url } = await createScratchDatabase(inject("postgresUrl"), "health");
    const server = await start({ POSTGRES_URL: url });
    const { response, body } = await healthOnce(server, "healthy");
    expect(response.status).toBe(200);
    expect(body.status).toBe("healthy");
    expect(body.database).toMatchObject({ connected: true, type: "postgres" });
    expect(JSON.stringify(body)).not.toContain(url);

    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const { text } = await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("Hello Postgres") }));
    expect(text).toBe(composeDemoAnswer("Hello Postgres"));

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await eventually(async () => {
        const found = await sql<{ role: string; status: string }[]>`
          select role, status from messages where chat_id = ${chatId} order by created_at`;
        return found.length === 2 ? found : undefined;
      });
      expect(rows.map((row) => row.role)).toEqual(["user", "assistant"]);
      expect(rows[1]!.status).toBe("complete");
    } finally {
      await sql.end();
    }
  });

  it("in production, stays on an unreachable Postgres: 503 unhealthy and 503 database_unavailable, never memory", async () => {
    const deadPort = await freePort();
    const server = await start({ POSTGRES_URL: `postgres://nobody@127.0.0.1:${deadPort}/none`, DB_CONNECT_TIMEOUT_MS: "500" });
    const { response, body } = await health(server);
    expect(response.status).toBe(503);
    expect(body.status).toBe("unhealthy");
    expect(body.database).toMatchObject({ connected: false, type: "postgres" });

    const guestAttempt = await fetch(`${server.url}/api/auth/guest`, { redirect: "manual" });
    expect(guestAttempt.status).toBe(503);
    expect((await guestAttempt.json()).error.code).toBe("database_unavailable");

    // A session signed with the same secret elsewhere: the route gets past auth and must not accept the message.
    const demo = await start();
    const guest = await newGuest(demo.url);
    const chat = await postChat(server.url, guest, { id: randomUUID(), message: userMessage("hello") });
    expect(chat.status).toBe(503);
    expect((await chat.json()).error.code).toBe("database_unavailable");
  });

  it("in production, starts serving once an unreachable Postgres comes up, without a restart", async () => {
    const port = await freePort();
    const server = await start({ POSTGRES_URL: `postgres://postgres@127.0.0.1:${port}/chatbot_test`, DB_CONNECT_TIMEOUT_MS: "500" });
    expect((await health(server)).response.status).toBe(503);

    const cluster = await startPostgres({ port });
    try {
      const body = await eventually(async () => {
        const { body } = await health(server);
        return body.status === "healthy" ? body : undefined;
      }, 30_000);
      expect(body.database).toMatchObject({ connected: true, type: "postgres" });
      const guest = await newGuest(server.url);
      const { text } = await readUIStream(await postChat(server.url, guest, { id: randomUUID(), message: userMessage("back online") }));
      expect(text).toBe(composeDemoAnswer("back online"));
    } finally {
      await server.stop();
      await cluster.stop();
    }
  });

  it("falls back to memory when the operator sets DATABASE_FALLBACK=memory, and reports degraded", async () => {
    const deadPort = await freePort();
    const server = await start({
      POSTGRES_URL: `postgres://nobody@127.0.0.1:${deadPort}/none`,
      DB_CONNECT_TIMEOUT_MS: "500",
      DATABASE_FALLBACK: "memory",
    });
    const { response, body } = await healthOnce(server, "degraded");
    expect(response.status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.database).toMatchObject({ connected: false, type: "mock", fallback: true });
    expect(server.output()).toContain("FALLING BACK TO THE IN-MEMORY STORE");
  });
});

describe("boot", () => {
  it("refuses to start in production without AUTH_SECRET, with one line naming it", async () => {
    const { code, output } = await runAppServerExpectingExit({ AUTH_SECRET: "" });
    expect(code).not.toBe(0);
    const line = output.split("\n").find((l) => l.includes("AUTH_SECRET"));
    expect(line).toMatch(/^chatbot: Invalid environment variable AUTH_SECRET: required in production/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("on a serverless platform, stays up without AUTH_SECRET: health 503 unhealthy, routes 503 server_misconfigured", async () => {
    const server = await start({ AUTH_SECRET: "", VERCEL: "1" });
    expect(server.output()).toContain("chatbot: Invalid environment variable AUTH_SECRET");
    const { response, body } = await health(server);
    expect(response.status).toBe(503);
    expect(body.status).toBe("unhealthy");
    const chat = await postChat(server.url, null, { id: randomUUID(), message: userMessage("hello") });
    expect(chat.status).toBe(503);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe("server_misconfigured");
  });

  it("refuses to start on a bad value, naming the variable", async () => {
    const { code, output } = await runAppServerExpectingExit({ AUTH_SECRET: "x".repeat(32), DB_POOL_MAX: "lots" });
    expect(code).not.toBe(0);
    expect(output).toContain("chatbot: Invalid environment variable DB_POOL_MAX");
  });
});

describe("sessions", () => {
  it("survive a server restart when the store persists (PGlite)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "chatbot-pglite-"));
    try {
      const first = await startAppServer({ PGLITE_DIR: dir });
      const guest = await newGuest(first.url);
      const chatId = randomUUID();
      await readUIStream(await postChat(first.url, guest, { id: chatId, message: userMessage("remember me") }));
      await eventually(async () => {
        const chat = (await (await getChat(first.url, guest, chatId)).json()) as StoredChat;
        return chat.messages.length === 2 && chat.messages[1]!.metadata.status ? chat : undefined;
      });
      await first.stop();

      const second = await startAppServer({ PGLITE_DIR: dir });
      try {
        const response = await getChat(second.url, guest, chatId);
        expect(response.status).toBe(200);
        const chat = (await response.json()) as StoredChat;
        expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
        const page = await fetch(`${second.url}/chat/${chatId}`, { headers: { cookie: guest.cookie }, redirect: "manual" });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain("remember me");
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("whose user is gone (memory store restarted) become a fresh guest instead of an error", async () => {
    const first = await startAppServer();
    const guest = await newGuest(first.url);
    await first.stop();
    const second = await start();
    const page = await fetch(`${second.url}/`, { headers: { cookie: guest.cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/auth/guest?redirectUrl=%2F");
    const firstVisit = await fetch(`${second.url}/chat/${randomUUID()}`, {
      redirect: "manual",
      headers: { accept: "text/html" },
    });
    expect(firstVisit.status).toBe(307);
    expect(new URL(firstVisit.headers.get("location")!, second.url).pathname).toBe("/api/auth/guest");
    expect(firstVisit.headers.get("location")).toContain("redirectUrl=%2Fchat%2F");
    const api = await getChat(second.url, guest, randomUUID());
    expect(api.status).toBe(401);
  });

  it("work over plain http in production: cookies without Secure and no redirect loop", async () => {
    const server = await start();
    let cookie = "";
    let location = "/";
    const statuses: number[] = [];
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(new URL(location, server.url), {
        headers: { accept: "text/html", ...(cookie ? { cookie } : {}) },
        redirect: "manual",
      });
      statuses.push(response.status);
      for (const header of response.headers.getSetCookie()) {
        expect(header).not.toMatch(/;\s*Secure/i);
        cookie = [cookie, header.split(";")[0]].filter(Boolean).join("; ");
      }
      await response.body?.cancel();
      if (response.status < 300 || response.status >= 400) break;
      location = response.headers.get("location") ?? "/";
    }
    expect(statuses).toEqual([307, 307, 200]);
    expect(cookie).toContain("authjs.session-token=");
  });
});
