import fc from "fast-check";
import { expect } from "vitest";
import { ERROR_STATUS } from "@/lib/errors";

/**
 * Arbitraries for the hostile inputs the hardening fuzz sends, and the checks every answer must pass. FUZZ_SEED
 * repeats a run (the seed is printed at the start and in every failure); FUZZ_RUNS sets the runs per property.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
export const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 40;

export function fuzzParameters<T>(runs = FUZZ_RUNS): fc.Parameters<T> {
  // Shrinking replays requests against a live server; a bounded number keeps a failure's report quick.
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: false, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: false };
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const troublesome = fc.constantFrom("\u0000", "\u007f", "\u0085", "\u202e", "\u200b", "\ufeff", "\ufffd", "😀", "é", "東", "\\", "%", "'", '"', "<", "/", ".");

/** Text from the hard corners: NUL, lone surrogates, controls, bidi marks, emoji, quotes, backslashes, percent signs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(loneSurrogate, control, troublesome, fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "\u0000",
      "\ud800",
      "\udc00",
      "a\u0000b",
      "end\ud83d",
      "\t\r\n",
      "%ZZ",
      "%00",
      "../../etc/passwd",
      "'; drop table users; --",
      "<script>alert(1)</script>",
      "null",
      "0",
      "-1",
      "1e308",
      "NaN",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(100_001), "\u0000".repeat(5_000), "\ud800".repeat(5_000), "é".repeat(300)) },
);

/** Anything a JSON body could hold where a field is expected: wrong types, nesting, and the nasty strings. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
);

/** Valid most of the time, so that accepted requests get their share of the nasty text; else anything. */
export function mostly<T, U = unknown>(valid: fc.Arbitrary<T>, otherwise?: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: otherwise ?? (nastyValue as fc.Arbitrary<U>) });
}

/** Nasty text that still says something (not blank), as an accepted message must. */
export const nastyText = nastyString.filter((text) => text.trim() !== "");

/** A path segment where an id goes: a real-looking one, a nasty one, or a broken percent-encoding. */
export const nastySegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid().map((id) => id),
  nastyString.map((text) => encodeURIComponent(text.toWellFormed()).slice(0, 300) || "x"),
  fc.constantFrom("%ZZ", "%", "%E0%A4%A", "%C0%AF", "%ff", "%u0000", "%00", "%2e%2e", "..", "%F0%9F%98", "a%"),
);

/** A cursor for GET /api/chats: base64url of JSON holding dates that are not dates and ids that are not ids. */
export const nastyCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          "2024-02-31T00:00:00.000000Z",
          "2023-02-29T10:00:00.000000Z",
          "2024-13-01T00:00:00.000000Z",
          "2024-01-01T24:00:00.000000Z",
          "0000-01-01T00:00:00.000000Z",
          "9999-12-31T23:59:59.999999Z",
          "2024-01-01T00:00:00.000Z",
        ),
        nastyValue,
      ),
      fc.oneof(fc.uuid(), nastyValue),
    )
    .map((pair) => Buffer.from(JSON.stringify(pair)).toString("base64url")),
  nastyString,
);

export type ErrorJson = { error: { code: keyof typeof ERROR_STATUS; message: string } };

/**
 * The rule for every answer: never a 5xx; every error under /api/ is our JSON with a stable code matching the status
 * (and a 405 names what is allowed). Returns the error body, or null for a success.
 */
export async function expectSoundAnswer(response: Response, what: string, method = "GET"): Promise<ErrorJson | null> {
  expect(response.status, `${what} answered ${response.status}`).toBeLessThan(500);
  if (response.status < 400) return null;
  // Node's HTTP parser answers a request head over 16 KiB itself, before any code of ours runs (so would a proxy).
  if (response.status === 431) return { error: { code: "bad_request", message: "(request head too large)" } };
  expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
  if (response.status === 405) expect(response.headers.get("allow"), what).toBeTruthy();
  // A HEAD answer has the headers of the JSON error, without its body.
  if (method === "HEAD") return { error: { code: "bad_request", message: "(HEAD)" } };
  const body = (await response.json()) as ErrorJson;
  expect(body, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(ERROR_STATUS[body.error.code], `${what}: code ${body.error.code}`).toBe(response.status);
  return body;
}
