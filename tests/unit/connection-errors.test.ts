import { describe, expect, it } from "vitest";
import { isConnectionError } from "@/lib/db/connection-errors";

function withCode(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/** Drizzle wraps driver errors: the driver's error sits in `cause`, possibly under further wrappers. */
function wrapped(inner: unknown, layers = 1): Error {
  let error = inner;
  for (let layer = 0; layer < layers; layer++) error = new Error("Failed query: select 1", { cause: error });
  return error as Error;
}

describe("isConnectionError", () => {
  it.each([
    { name: "ECONNREFUSED", error: withCode("ECONNREFUSED") },
    { name: "ECONNRESET", error: withCode("ECONNRESET") },
    { name: "CONNECT_TIMEOUT from postgres.js", error: withCode("CONNECT_TIMEOUT") },
    { name: "SQLSTATE 08006 connection failure", error: withCode("08006") },
    { name: "SQLSTATE 08001 unable to connect", error: withCode("08001") },
    { name: "SQLSTATE 57P01 admin shutdown", error: withCode("57P01") },
    { name: "ECONNREFUSED under one wrapper", error: wrapped(withCode("ECONNREFUSED")) },
    { name: "57P01 under two wrappers", error: wrapped(withCode("57P01"), 2) },
  ])("is true for $name", ({ error }) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    { name: "a unique violation 23505", error: withCode("23505") },
    { name: "a unique violation under a wrapper", error: wrapped(withCode("23505")) },
    { name: "a syntax error 42601", error: withCode("42601") },
    { name: "a plain Error", error: new Error("ECONNREFUSED in the message only") },
    { name: "a numeric code", error: { code: 8006 } },
    { name: "null", error: null },
    { name: "undefined", error: undefined },
    { name: "a string", error: "ECONNREFUSED" },
  ])("is false for $name", ({ error }) => {
    expect(isConnectionError(error)).toBe(false);
  });
});
