import { describe, expect, it } from "vitest";
import { MAX_TITLE_CHARS } from "@/lib/chat/limits";
import { provisionalTitle, titleFromText } from "@/lib/chat/title";

describe("titleFromText", () => {
  it.each(["", "   ", "\n\t \n"])("falls back to a placeholder for the blank text %j", (text) => {
    expect(titleFromText(text)).toBe("New chat");
  });

  it("keeps a short message as it is", () => {
    expect(titleFromText("Plan a trip to Lisbon")).toBe("Plan a trip to Lisbon");
  });

  it("collapses whitespace and newlines into single spaces", () => {
    expect(titleFromText("  Plan   a\ntrip\n\nto\tLisbon  ")).toBe("Plan a trip to Lisbon");
  });

  it("keeps a message of exactly the maximum length", () => {
    const text = "a".repeat(MAX_TITLE_CHARS);
    expect(titleFromText(text)).toBe(text);
  });

  it("cuts a long message at a word boundary and marks the cut", () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`);
    const line = words.join(" ");
    const title = titleFromText(line);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(title.endsWith("…")).toBe(true);
    const kept = title.slice(0, -1);
    expect(line.startsWith(kept)).toBe(true);
    expect(line[kept.length]).toBe(" ");
  });

  it("cuts a long word-less message at the maximum length", () => {
    const title = titleFromText("x".repeat(MAX_TITLE_CHARS * 2));
    expect(title).toHaveLength(MAX_TITLE_CHARS);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("provisionalTitle", () => {
  it("names a chat after the first line of its first message", () => {
    expect(provisionalTitle([{ type: "text", text: "\n  Plan a picnic for six\nwith sandwiches" }])).toBe("Plan a picnic for six");
  });

  it("falls back to the first attachment's name, then to New chat", () => {
    const image = { type: "file", filename: "cat.png" };
    expect(provisionalTitle([image, { type: "text", text: "  " }])).toBe("cat.png");
    expect(provisionalTitle([{ type: "file" }])).toBe("New chat");
  });
});
