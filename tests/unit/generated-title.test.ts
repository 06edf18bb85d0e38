import { describe, expect, it } from "vitest";
import { MAX_TITLE_CHARS } from "@/lib/chat/limits";
import { cleanGeneratedTitle } from "@/lib/chat/title";

describe("cleanGeneratedTitle", () => {
  it.each([
    { raw: "Closures in JavaScript", expected: "Closures in JavaScript" },
    { raw: '"Closures in JavaScript."', expected: "Closures in JavaScript" },
    { raw: "“Trip to Lisbon”", expected: "Trip to Lisbon" },
    { raw: "Title: Trip to Lisbon", expected: "Trip to Lisbon" },
    { raw: "# **Trip to Lisbon**", expected: "Trip to Lisbon" },
    { raw: "\n\n  Trip to Lisbon\nA second line", expected: "Trip to Lisbon" },
    { raw: "Version 2.0 notes", expected: "Version 2.0 notes" },
    { raw: "", expected: "" },
    { raw: '  ""  ', expected: "" },
  ])("turns $raw into $expected", ({ raw, expected }) => {
    expect(cleanGeneratedTitle(raw)).toBe(expected);
  });

  it("bounds a long answer to the title length", () => {
    const title = cleanGeneratedTitle("word ".repeat(100));
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(title.endsWith("…")).toBe(true);
  });
});
