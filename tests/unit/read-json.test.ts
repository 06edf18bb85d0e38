import { describe, expect, it } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";

const MAX_BYTES = 1024;
const URL = "http://localhost/api/chat";

function jsonRequest(body: BodyInit | undefined, headers: Record<string, string> = {}): Request {
  return new Request(URL, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("readJsonBody resolved instead of throwing");
}

/** A body without Content-Length that yields the given chunks one pull at a time and records a cancel. */
function streamingRequest(chunks: readonly string[]) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled];
      if (chunk === undefined) return controller.close();
      state.pulled++;
      controller.enqueue(new TextEncoder().encode(chunk));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request(URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, state };
}

describe("readJsonBody", () => {
  it.each([
    { name: "an object", value: { id: "abc", nested: { list: [1, 2, 3] } } },
    { name: "an array", value: [1, "two", null] },
    { name: "a number", value: 42 },
    { name: "unicode text", value: { text: "héllo ✓ 你好" } },
  ])("returns the parsed value of $name", async ({ value }) => {
    await expect(readJsonBody(jsonRequest(JSON.stringify(value)), MAX_BYTES)).resolves.toEqual(value);
  });

  it("accepts a content type with a charset", async () => {
    const request = jsonRequest('{"ok":true}', { "content-type": "application/json; charset=utf-8" });
    await expect(readJsonBody(request, MAX_BYTES)).resolves.toEqual({ ok: true });
  });

  it.each<{ name: string; request: () => Request; code: ErrorCode }>([
    {
      name: "a text/plain body",
      request: () => jsonRequest("{}", { "content-type": "text/plain" }),
      code: "unsupported_media_type",
    },
    {
      name: "a form body",
      request: () => jsonRequest("a=1", { "content-type": "application/x-www-form-urlencoded" }),
      code: "unsupported_media_type",
    },
    {
      name: "no content type",
      request: () => new Request(URL, { method: "POST", body: new Uint8Array([123, 125]) }),
      code: "unsupported_media_type",
    },
    { name: "no body", request: () => jsonRequest(undefined), code: "invalid_json" },
    { name: "an empty body", request: () => jsonRequest(""), code: "invalid_json" },
    { name: "a whitespace body", request: () => jsonRequest("  \n "), code: "invalid_json" },
    { name: "malformed JSON", request: () => jsonRequest('{"id": '), code: "invalid_json" },
    { name: "a trailing comma", request: () => jsonRequest('{"id": 1,}'), code: "invalid_json" },
    {
      name: "a declared Content-Length over the limit",
      request: () => jsonRequest("{}", { "content-length": String(MAX_BYTES + 1) }),
      code: "payload_too_large",
    },
    {
      name: "a body over the limit",
      request: () => jsonRequest(JSON.stringify({ text: "a".repeat(MAX_BYTES) })),
      code: "payload_too_large",
    },
  ])("rejects $name with $code", async ({ request, code }) => {
    const error = await errorOf(readJsonBody(request(), MAX_BYTES));
    expect(error.code).toBe(code);
  });

  it("stops reading a body without Content-Length once it passes the limit", async () => {
    const chunks = ["[", ...Array.from({ length: 100 }, () => `${"1".repeat(250)},`), "1]"];
    const { request, state } = streamingRequest(chunks);
    const error = await errorOf(readJsonBody(request, MAX_BYTES));
    expect(error.code).toBe("payload_too_large");
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(chunks.length);
  });

  it("reads a streamed body within the limit", async () => {
    const value = { id: "abc", text: "streamed in pieces" };
    const serialized = JSON.stringify(value);
    const { request } = streamingRequest([serialized.slice(0, 10), serialized.slice(10, 20), serialized.slice(20)]);
    await expect(readJsonBody(request, MAX_BYTES)).resolves.toEqual(value);
  });
});
