import { afterEach, describe, expect, it, vi } from "vitest";
import { readLogSettings } from "@/lib/config";
import { logUncaughtRequestError } from "@/lib/http/request-error";
import { isSaneRequestId, requestIdOf } from "@/lib/http/request-id";
import { hasBearerToken } from "@/lib/metrics/bearer-token";
import { routePattern } from "@/lib/metrics/route-pattern";
import { configErrorOf, loadTestConfig } from "../support/config";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it.each(["3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "iad1::abcde-1753000000000-0123456789ab", "Root=1-67891233"])(
    "keeps the id a proxy sent: %s",
    (id) => {
      expect(requestIdOf(new Headers({ "x-request-id": id }))).toBe(id);
    },
  );

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["too long", "a".repeat(129)],
    ["with spaces", "two words"],
    ["with quotes that could end a log field", 'x","level":"error'],
    ["with a newline", "a\nb"],
  ])("replaces an id that is %s with a new UUID", (_name, id) => {
    const headers = new Headers();
    if (id !== undefined) {
      try {
        headers.set("x-request-id", id);
      } catch {
        // A header value Headers itself refuses (a newline) never reaches the app either.
      }
    }
    expect(requestIdOf(headers)).toMatch(UUID);
  });

  it("gives each request its own id", () => {
    expect(requestIdOf(new Headers())).not.toBe(requestIdOf(new Headers()));
    expect(isSaneRequestId(null)).toBe(false);
  });
});

describe("routePattern", () => {
  it.each([
    ["/api/chat", {}, "/api/chat"],
    ["/api/chat", undefined, "/api/chat"],
    ["/api/chat/3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21", { id: "3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21" }, "/api/chat/[id]"],
    ["/api/chat/3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21/votes", { id: "3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21" }, "/api/chat/[id]/votes"],
    ["/api/files/a%20b", { id: "a b" }, "/api/files/[id]"],
    ["/api/auth/callback/github", { nextauth: ["callback", "github"] }, "/api/auth/[...nextauth]"],
    ["/api/auth/session", { nextauth: ["session"] }, "/api/auth/[...nextauth]"],
  ])("%s with %j is %s", (pathname, params, expected) => {
    expect(routePattern(pathname, params)).toBe(expected);
  });

  it("names two chats' requests alike, so metrics keep one series per route", () => {
    const one = routePattern("/api/chat/1/export", { id: "1" });
    const two = routePattern("/api/chat/2/export", { id: "2" });
    expect(one).toBe(two);
  });
});

describe("hasBearerToken", () => {
  const token = "0123456789abcdef-metrics";
  it.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [`Bearer  ${token} `, true],
    [`Bearer ${token}x`, false],
    [`Bearer ${token.slice(0, -1)}`, false],
    [`Basic ${token}`, false],
    [token, false],
    ["Bearer ", false],
    [null, false],
  ])("%j → %s", (header, expected) => {
    expect(hasBearerToken(header, token)).toBe(expected);
  });
});

describe("logging and metrics settings", () => {
  it("reads LOG_LEVEL, LOG_FORMAT and LOG_FILE, with JSON outside development", () => {
    expect(readLogSettings({})).toEqual({ level: "info", format: "pretty", file: null });
    expect(readLogSettings({ NODE_ENV: "production" })).toMatchObject({ format: "json" });
    expect(readLogSettings({ PLAYWRIGHT: "1" })).toMatchObject({ format: "json" });
    expect(readLogSettings({ NODE_ENV: "production", LOG_FORMAT: "pretty", LOG_LEVEL: "debug", LOG_FILE: "logs/app.log" })).toMatchObject({
      level: "debug",
      format: "pretty",
      file: expect.stringMatching(/\/logs\/app\.log$/),
    });
    // The logger must keep working when the config does not parse: a bad level falls back to info there.
    expect(readLogSettings({ LOG_LEVEL: "verbose" }).level).toBe("info");
  });

  it("refuses a bad LOG_LEVEL, LOG_FORMAT or a short METRICS_TOKEN at boot, naming the variable", () => {
    expect(configErrorOf({ LOG_LEVEL: "verbose" }).message).toMatch(/^Invalid environment variable LOG_LEVEL: /);
    expect(configErrorOf({ LOG_FORMAT: "xml" }).message).toMatch(/^Invalid environment variable LOG_FORMAT: /);
    expect(configErrorOf({ METRICS_TOKEN: "short" }).message).toMatch(/^Invalid environment variable METRICS_TOKEN: .*16 characters/);
  });

  it("turns the metrics endpoint on with a token and finds pg tools in PG_BIN_DIR", () => {
    expect(loadTestConfig({}).metrics.token).toBeNull();
    expect(loadTestConfig({ METRICS_TOKEN: "" }).metrics.token).toBeNull();
    expect(loadTestConfig({ METRICS_TOKEN: "0123456789abcdef" }).metrics.token).toBe("0123456789abcdef");
    expect(loadTestConfig({ PG_BIN_DIR: "/usr/lib/postgresql/15/bin" }).postgresTools.binDir).toBe("/usr/lib/postgresql/15/bin");
  });
});

describe("logUncaughtRequestError", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function capture(headers: Record<string, string>): Record<string, unknown> {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const error = new Error("render failed", { cause: new Error("the store said no") });
    logUncaughtRequestError(error, { path: "/chat/42?q=private words", method: "GET", headers }, { routePath: "/chat/[id]", routeType: "render" });
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0] ?? "") as Record<string, unknown>;
  }

  it("logs what a page or action threw with its cause, its route and the request's id, never the query", () => {
    const line = capture({ "x-request-id": "edge-123" });
    expect(line).toMatchObject({
      level: "error",
      msg: "unhandled error",
      requestId: "edge-123",
      route: "/chat/[id]",
      routeType: "render",
      path: "/chat/42",
      err: { message: "render failed", cause: { message: "the store said no" } },
    });
    expect(JSON.stringify(line)).not.toContain("private words");
  });

  it("leaves out an id that is not sane", () => {
    expect(capture({ "x-request-id": "two words" }).requestId).toBeUndefined();
  });
});
