import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "@/lib/http/iso-instant";
import { identifierSchema, isPrintable, messageIdSchema, toStorableText, userTextSchema } from "@/lib/http/user-text";

describe("toStorableText", () => {
  it.each([
    { name: "NUL", input: "a\u0000b", output: "a\uFFFDb" },
    { name: "a lone high surrogate", input: "a\uD800b", output: "a\uFFFDb" },
    { name: "a lone low surrogate", input: "\uDC00", output: "\uFFFD" },
    { name: "a high surrogate at the end", input: "end\uD83D", output: "end\uFFFD" },
    { name: "a surrogate pair (an emoji)", input: "hi 😀", output: "hi 😀" },
    { name: "tabs, newlines and other controls", input: "a\tb\nc\u0001", output: "a\tb\nc\u0001" },
    { name: "text in any script", input: "naïve 東京 مرحبا", output: "naïve 東京 مرحبا" },
  ])("$name", ({ input, output }) => {
    expect(toStorableText(input)).toBe(output);
    expect(toStorableText(input).length).toBe(input.length);
  });

  it("runs inside a schema, before trim and the length limits", () => {
    const schema = userTextSchema().trim().min(1).max(3);
    expect(schema.parse("  \u0000  ")).toBe("\uFFFD");
    expect(schema.safeParse("\uD800\uD800\uD800\uD800").success).toBe(false);
  });
});

describe("messageIdSchema", () => {
  it.each(["m1", "msg-AbC_123", "0b6e0c5e-6a1e-4f39-9d3f-5a4c1d2e3f40", "a.b:c"])("accepts %s", (id) => {
    expect(messageIdSchema.parse(` ${id} `)).toBe(id);
  });

  it.each(["", "a\u0000b", "a\uD800", "two words", "a/b", "ü", "x".repeat(129)])("refuses %j", (id) => {
    expect(messageIdSchema.safeParse(id).success).toBe(false);
  });
});

describe("identifierSchema", () => {
  it("accepts model ids in their many shapes, and refuses controls, lone surrogates and bidi marks", () => {
    const schema = identifierSchema(200);
    for (const id of ["openai/gpt-5.4-nano", "custom/llama3.1:8b", "custom/meta-llama/llama-3.1-8b-instruct:free"]) {
      expect(schema.parse(id)).toBe(id);
    }
    for (const id of ["a\u0000", "a\uD800", "a\u202Eb", "a\nb", "a\u200Bb"]) expect(schema.safeParse(id).success).toBe(false);
    expect(isPrintable("plain")).toBe(true);
  });
});

describe("parseIsoInstant", () => {
  it.each([
    ["2024-02-29T12:00:00.000Z", Date.UTC(2024, 1, 29, 12)],
    ["2024-01-01T00:00:00.123456Z", Date.UTC(2024, 0, 1, 0, 0, 0, 123)],
    ["2024-01-01T02:00:00+02:00", Date.UTC(2024, 0, 1)],
    ["0001-01-01T00:00:00Z", -62_135_596_800_000],
  ])("reads %s", (text, expected) => {
    expect(parseIsoInstant(text)).toBe(expected);
  });

  it.each([
    "2024-02-31T00:00:00.000Z",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:30:00+01:00",
    "2024-01-01",
    "yesterday",
    "",
  ])("refuses %s", (text) => {
    expect(parseIsoInstant(text)).toBeNull();
  });
});
