import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { chatWithAnswer, eventually, type Guest, newGuest, postChat } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

const ROOT = path.resolve(__dirname, "../..");
const METRICS_TOKEN = "metrics-token-for-the-test-suite";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Words no code path would write by itself: if they reach a log, the user's message did. */
const SECRET_PHRASE = "periwinkle-zeppelin-7741";

let server: AppServer;
let database: ScratchDatabase;
let dir: string;
let logFile: string;
let guest: Guest;
let chatId: string;
const children: ChildProcess[] = [];

type LogLine = Record<string, unknown> & { level: string; msg: string; requestId?: string };

/** The server's log lines that are JSON (Next prints a few plain lines of its own at start). */
function logLines(text: string): LogLine[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

const accessLine = (lines: LogLine[], requestId: string) =>
  lines.find((line) => line.msg === "request" && line.requestId === requestId);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "chatbot-observability-"));
  logFile = path.join(dir, "logs", "app.log");
  database = await createScratchDatabase(inject("postgresUrl"), "observability");
  server = await startAppServer({ POSTGRES_URL: database.url, LOG_LEVEL: "info", LOG_FILE: logFile, METRICS_TOKEN });
  guest = await newGuest(server.url);
  chatId = await chatWithAnswer(server.url, guest, `Tell me about ${SECRET_PHRASE}, please`);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await server?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("request ids", () => {
  it("gives every API answer and page an X-Request-Id: a new UUID, or the sane one a proxy sent", async () => {
    const generated = await fetch(`${server.url}/api/models`);
    expect(generated.status).toBe(401);
    expect(generated.headers.get("x-request-id")).toMatch(UUID);

    const kept = await fetch(`${server.url}/api/models`, { headers: { "X-Request-Id": "edge-7f3a9c1e" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-7f3a9c1e");

    const replaced = await fetch(`${server.url}/api/models`, { headers: { "X-Request-Id": 'forged","level":"error' } });
    expect(replaced.headers.get("x-request-id")).toMatch(UUID);

    const page = await fetch(`${server.url}/login`, { headers: { cookie: guest.cookie }, redirect: "manual" });
    expect(page.status).toBeLessThan(500);
    expect(page.headers.get("x-request-id")).toMatch(UUID);

    const health = await fetch(`${server.url}/api/health`, { headers: { "X-Request-Id": "monitor-1" } });
    expect(health.headers.get("x-request-id")).toBe("monitor-1");
  });

  it("logs each API request as one JSON line under the id its answer carried", async () => {
    const response = await fetch(`${server.url}/api/chats`, { headers: { cookie: guest.cookie, "X-Request-Id": "trace-chats-1" } });
    expect(response.status).toBe(200);
    const line = await eventually(async () => accessLine(logLines(server.output()), "trace-chats-1"));
    expect(line).toMatchObject({ level: "info", method: "GET", route: "/api/chats", path: "/api/chats", status: 200 });
    expect(typeof line.durationMs).toBe("number");
    // Every line a request caused carries an id: none of the access lines lacks one.
    const access = logLines(server.output()).filter((entry) => entry.msg === "request");
    expect(access.length).toBeGreaterThan(3);
    expect(access.filter((entry) => typeof entry.requestId !== "string")).toEqual([]);
  });

  it("names the route pattern, never the raw path, and keeps the query out", async () => {
    await fetch(`${server.url}/api/chats?q=${SECRET_PHRASE}`, { headers: { cookie: guest.cookie, "X-Request-Id": "trace-search-1" } });
    const line = await eventually(async () => accessLine(logLines(server.output()), "trace-search-1"));
    expect(line).toMatchObject({ route: "/api/chats", path: "/api/chats" });
    const chatLine = logLines(server.output()).find((entry) => entry.msg === "request" && entry.path === `/api/chat/${chatId}`);
    expect(chatLine?.route).toBe("/api/chat/[id]");
  });
});

describe("what the log never holds", () => {
  it("has no message text and no cookie at info level, on stdout or in LOG_FILE, after a chat", async () => {
    const chat = logLines(server.output()).find((entry) => entry.msg === "request" && entry.route === "/api/chat" && entry.status === 200);
    expect(chat?.requestId).toMatch(UUID);
    const cookieValue = guest.cookie.split("=").slice(1).join("=");
    expect(cookieValue.length).toBeGreaterThan(20);
    for (const text of [server.output(), readFileSync(logFile, "utf8")]) {
      expect(text).not.toContain(SECRET_PHRASE);
      expect(text).not.toContain(cookieValue);
      expect(text).not.toContain(METRICS_TOKEN);
    }
  });
});

describe("LOG_FILE and npm run logs", () => {
  it("appends the same JSON lines to LOG_FILE", async () => {
    await fetch(`${server.url}/api/models`, { headers: { cookie: guest.cookie, "X-Request-Id": "trace-file-1" } });
    const line = await eventually(async () => (existsSync(logFile) ? accessLine(logLines(readFileSync(logFile, "utf8")), "trace-file-1") : undefined));
    expect(line).toMatchObject({ route: "/api/models", status: 200 });
    expect(logLines(readFileSync(logFile, "utf8")).some((entry) => entry.msg === "store: PostgreSQL")).toBe(true);
  });

  it("follows LOG_FILE formatted for reading, new lines included", async () => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/logs.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FILE: logFile } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let shown = "";
    child.stdout?.on("data", (chunk: Buffer) => (shown += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (shown += chunk.toString()));

    await eventually(async () => (shown.includes('requestId: "trace-file-1"') ? true : undefined), 60_000);
    expect(shown).toMatch(/INFO: request/);
    expect(shown).not.toContain('{"level"');

    await fetch(`${server.url}/api/models`, { headers: { cookie: guest.cookie, "X-Request-Id": "trace-follow-2" } });
    await eventually(async () => (shown.includes('requestId: "trace-follow-2"') ? true : undefined), 30_000);
    child.kill("SIGTERM");
  });
});

/** The value of one sample in Prometheus text, or undefined when the series is absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split("\n").find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /api/metrics", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer not-the-metrics-token-at-all" }],
    ["the token in another scheme", { authorization: `Basic ${METRICS_TOKEN}` }],
  ])("answers 401 to %s", async (_name, headers) => {
    const response = await fetch(`${server.url}/api/metrics`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("serves every family in Prometheus text after a chat, by route pattern and model", async () => {
    const bad = await postChat(server.url, guest, { id: randomUUID(), message: { id: "m", role: "user", parts: [] } });
    expect(bad.status).toBe(400);
    await (await fetch(`${server.url}/api/health`)).body?.cancel();
    const models = (await (await fetch(`${server.url}/api/models`, { headers: { cookie: guest.cookie } })).json()) as { defaultModelId: string };
    const model = models.defaultModelId;

    const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = await response.text();

    expect(sample(metrics, 'chatbot_http_requests_total{route="/api/chat",method="POST",status="200"}')).toBe(1);
    expect(sample(metrics, 'chatbot_http_requests_total{route="/api/chat",method="POST",status="400"}')).toBe(1);
    expect(sample(metrics, 'chatbot_http_requests_total{route="/api/chat/[id]",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'chatbot_http_request_duration_seconds_count{route="/api/chat",method="POST",status="200"}')).toBe(1);
    expect(metrics).toContain('chatbot_http_request_duration_seconds_bucket{le="0.1",route="/api/chat",method="POST",status="200"}');
    expect(metrics).not.toContain(chatId);

    expect(sample(metrics, `chatbot_time_to_first_token_seconds_count{model="${model}"}`)).toBe(1);
    expect(sample(metrics, `chatbot_answers_total{provider="demo",model="${model}",status="complete"}`)).toBe(1);
    expect(sample(metrics, `chatbot_tokens_total{provider="demo",model="${model}",direction="input"}`)).toBeGreaterThan(0);
    expect(sample(metrics, `chatbot_tokens_total{provider="demo",model="${model}",direction="output"}`)).toBeGreaterThan(0);
    expect(sample(metrics, `chatbot_cost_usd_total{provider="demo",model="${model}"}`)).toBe(0);
    expect(sample(metrics, "chatbot_active_answers")).toBe(0);

    expect(sample(metrics, 'chatbot_errors_total{code="unauthorized"}')).toBeGreaterThanOrEqual(4);
    expect(sample(metrics, 'chatbot_errors_total{code="bad_request"}')).toBe(1);
    const probes = ["ok", "failed"].map((result) => sample(metrics, `chatbot_store_probe_duration_seconds_count{store="postgres",result="${result}"}`) ?? 0);
    expect(probes.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(1);

    for (const family of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
      expect(sample(metrics, family), family).toBeGreaterThanOrEqual(0);
    }
  });
});
