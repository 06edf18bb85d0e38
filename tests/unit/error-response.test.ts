import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { chatRequestSchema } from "@/app/(chat)/api/chat/schema";
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode } from "@/lib/errors";
import { errorToResponse } from "@/lib/http/error-response";

const context = { method: "POST", path: "/api/chat" };

let stderr: string[];

beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function bodyOf(response: Response): Promise<ErrorBody> {
  return (await response.json()) as ErrorBody;
}

function zodErrorOf(schema: z.ZodType, value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the value to be invalid");
  return result.error;
}

describe("errorToResponse", () => {
  it.each<{ code: ErrorCode; message: string }>([
    { code: "not_found", message: "Chat not found." },
    { code: "unauthorized", message: "Sign in first." },
    { code: "payload_too_large", message: "The request body is too large." },
    { code: "rate_limited", message: "Too many messages." },
    { code: "database_unavailable", message: "The database is unavailable." },
  ])("answers an AppError $code with its status and body", async ({ code, message }) => {
    const response = errorToResponse(new AppError(code, message), context);
    expect(response.status).toBe(ERROR_STATUS[code]);
    expect(await bodyOf(response)).toEqual({ error: { code, message } });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("passes an AppError's headers on", () => {
    const response = errorToResponse(new AppError("rate_limited", "Slow down.", { headers: { "Retry-After": "30" } }), context);
    expect(response.headers.get("retry-after")).toBe("30");
  });

  it("keeps an AppError's cause out of the body", async () => {
    const cause = new Error("connect ECONNREFUSED 10.1.2.3:5432");
    const response = errorToResponse(new AppError("database_unavailable", "The database is unavailable.", { cause }), context);
    expect(await response.text()).not.toContain("10.1.2.3");
  });

  it("answers a zod error with 400 bad_request naming the bad field", async () => {
    const error = zodErrorOf(chatRequestSchema, {
      id: "3f1f0a4e-8a39-4d5c-9a55-2b0f1f7a9e21",
      message: { id: "m1", role: "user", parts: [{ type: "text", text: 42 }] },
    });
    const response = errorToResponse(error, context);
    const body = await bodyOf(response);
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("message.parts[0].text");
  });

  it("names a top-level field without a leading dot", async () => {
    const response = errorToResponse(zodErrorOf(chatRequestSchema, { id: "not-a-uuid", message: {} }), context);
    expect((await bodyOf(response)).error.message).toMatch(/^id: /);
  });

  describe("for an unknown error", () => {
    const secret = "password authentication failed for user chatbot_admin";

    it("answers 500 internal_error without the original message or stack", async () => {
      const error = new Error(secret);
      const response = errorToResponse(error, context);
      const text = await response.text();
      const body = JSON.parse(text) as ErrorBody;
      expect(response.status).toBe(500);
      expect(body.error.code).toBe("internal_error");
      expect(text).not.toContain(secret);
      expect(text).not.toContain("chatbot_admin");
      expect(text).not.toContain("error-response.test");
      expect(text).not.toMatch(/\bat \S+ \(/);
    });

    it("gives a request id that also appears in the log with the cause", async () => {
      const response = errorToResponse(new Error(secret), context);
      const { requestId } = (await bodyOf(response)).error;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const logged = stderr.find((line) => line.includes(requestId ?? "<none>"));
      expect(logged).toBeDefined();
      expect(logged).toContain(secret);
    });

    it("gives each failure its own request id", async () => {
      const first = await bodyOf(errorToResponse(new Error("one"), context));
      const second = await bodyOf(errorToResponse("a thrown string", context));
      expect(first.error.requestId).not.toBe(second.error.requestId);
    });
  });
});
