import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogSettings } from "@/lib/config";
import { createLog } from "@/lib/log";
import { runWithRequestContext } from "@/lib/request-context";

type Line = Record<string, unknown> & { level: string; msg: string };

let stdout: string[];
let stderr: string[];

beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const json = (level: LogSettings["level"] = "info", file: string | null = null) => createLog({ level, format: "json", file });
const parse = (lines: string[]): Line[] => lines.map((line) => JSON.parse(line) as Line);

describe("log", () => {
  it("writes one JSON object per line: info to stdout, warnings and errors to stderr", () => {
    const log = json();
    log.info("store: PostgreSQL", { poolMax: 10 });
    log.warn("careful");
    log.error("broken");
    expect(parse(stdout)).toEqual([expect.objectContaining({ level: "info", msg: "store: PostgreSQL", poolMax: 10 })]);
    expect(parse(stderr).map((line) => line.level)).toEqual(["warn", "error"]);
    expect(Number.isNaN(Date.parse(String(parse(stdout)[0]?.time)))).toBe(false);
    expect(stdout[0]?.endsWith("}\n")).toBe(true);
  });

  it("leaves out levels below LOG_LEVEL", () => {
    const log = json("warn");
    log.debug("noise");
    log.info("more noise");
    log.warn("kept");
    expect(stdout).toEqual([]);
    expect(parse(stderr).map((line) => line.msg)).toEqual(["kept"]);
  });

  it("puts the request id on every line written inside a request's context, and on none outside", async () => {
    const log = json();
    await runWithRequestContext({ requestId: "req-42" }, async () => {
      log.info("first");
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info("after an await");
    });
    log.info("outside");
    expect(parse(stdout).map((line) => line.requestId)).toEqual(["req-42", "req-42", undefined]);
  });

  it("writes only its own fields on each line of a request, none of an earlier line's", async () => {
    const log = json();
    await runWithRequestContext({ requestId: "req-7" }, async () => {
      log.info("request", { status: 200, route: "/api/chat" });
      log.info("later");
    });
    const [, later] = parse(stdout);
    expect(later).toMatchObject({ requestId: "req-7", msg: "later" });
    expect(later).not.toHaveProperty("status");
    expect(later).not.toHaveProperty("route");
  });

  it("serializes an error with its cause chain and the members of an AggregateError", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const error = new Error("store: saving failed", { cause: new AggregateError([refused], "all addresses failed") });
    json().error("chat: saving the answer failed", { err: error });
    const [line] = parse(stderr);
    expect(line?.err).toMatchObject({
      name: "Error",
      message: "store: saving failed",
      stack: expect.stringContaining("store: saving failed"),
      cause: { name: "AggregateError", errors: [{ message: "connect ECONNREFUSED 127.0.0.1:5432", code: "ECONNREFUSED" }] },
    });
  });

  it("keeps what a provider error carries about the request (the conversation) out of the log", () => {
    const error = Object.assign(new Error("Unauthorized"), {
      statusCode: 401,
      requestBodyValues: { messages: [{ role: "user", content: "my private question" }] },
      responseHeaders: { "set-cookie": "provider-session=1" },
    });
    json().error("ai: the provider rejected this server's API key", { err: error });
    expect(stderr.join("")).not.toContain("my private question");
    expect(stderr.join("")).not.toContain("provider-session");
    expect(parse(stderr)[0]?.err).toMatchObject({ message: "Unauthorized", statusCode: 401 });
  });

  it("redacts secrets and cookies at every level, and what users wrote above debug", () => {
    const fields = {
      password: "hunter2-password",
      headers: { cookie: "authjs.session-token=abc123", authorization: "Bearer sk-live-1" },
      request: { headers: { "set-cookie": "a=session-cookie-value" } },
      text: "a private question",
      message: { parts: [{ type: "text", text: "a private question" }] },
    };
    const info = json("debug");
    info.info("incoming", fields);
    info.debug("incoming", fields);
    const [atInfo, atDebug] = parse(stdout);
    for (const secret of ["hunter2-password", "abc123", "sk-live-1", "session-cookie-value"]) {
      expect(stdout.join("")).not.toContain(secret);
    }
    expect(atInfo).toMatchObject({ text: "[redacted]", message: { parts: "[redacted]" }, headers: { cookie: "[redacted]" } });
    expect(JSON.stringify(atInfo)).not.toContain("a private question");
    expect(atDebug).toMatchObject({ text: "a private question", headers: { cookie: "[redacted]", authorization: "[redacted]" } });
  });

  it("writes a line with nothing to redact whole, with its request id, and still redacts a key among plain fields", () => {
    const log = json();
    runWithRequestContext({ requestId: "req-plain" }, () => {
      log.info("request", { method: "POST", route: "/api/chat", status: 200, durationMs: 12, nested: { list: [{ n: 1 }] } });
      log.info("request", { method: "POST", nested: { list: { content: "what a user wrote" } } });
    });
    const [plain, redacted] = parse(stdout);
    expect(plain).toMatchObject({ msg: "request", requestId: "req-plain", method: "POST", route: "/api/chat", status: 200, durationMs: 12, nested: { list: [{ n: 1 }] } });
    expect(redacted).toMatchObject({ requestId: "req-plain", nested: { list: { content: "[redacted]" } } });
    expect(stdout.join("")).not.toContain("what a user wrote");
  });

  it("appends every line to LOG_FILE as well, creating its directory", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chatbot-log-"));
    try {
      const file = path.join(dir, "logs", "app.log");
      const log = json("info", file);
      log.info("one", { n: 1 });
      log.error("two");
      const lines = parse(readFileSync(file, "utf8").trim().split("\n"));
      expect(lines.map((line) => [line.level, line.msg])).toEqual([
        ["info", "one"],
        ["error", "two"],
      ]);
      expect(parse(stdout)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
