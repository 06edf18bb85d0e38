import { describe, expect, it } from "vitest";
import { type ChatFailure, isDailyLimit, toChatFailure } from "@/components/chat/chat-failure";

/** The transport's Error for a refused request: the response body as its message. */
const refused = (error: object) => new Error(JSON.stringify({ error }));

describe("toChatFailure", () => {
  it.each([
    {
      name: "the daily limit, with the moment it lifts",
      error: refused({ code: "quota_exceeded", message: "You have used today's 3 messages.", resetsAt: "2026-03-05T00:00:00.000Z" }),
      expected: { kind: "server", code: "quota_exceeded", message: "You have used today's 3 messages.", resetsAt: new Date("2026-03-05T00:00:00.000Z") },
    },
    {
      name: "a request limit, which has no reset time",
      error: refused({ code: "rate_limited", message: "Too many requests." }),
      expected: { kind: "server", code: "rate_limited", message: "Too many requests.", resetsAt: null },
    },
    {
      name: "a reset time that is not a date",
      error: refused({ code: "quota_exceeded", message: "Limit.", resetsAt: "tomorrow" }),
      expected: { kind: "server", code: "quota_exceeded", message: "Limit.", resetsAt: null },
    },
    {
      name: "a network failure",
      error: new TypeError("Failed to fetch"),
      expected: { kind: "network", message: "Network error: check your connection and retry." },
    },
  ])("reads $name", ({ error, expected }) => {
    expect(toChatFailure(error)).toEqual(expected);
  });
});

describe("isDailyLimit", () => {
  it("is false for a network failure", () => {
    expect(isDailyLimit({ kind: "network", message: "Offline." })).toBe(false);
  });

  it.each([
    { code: "quota_exceeded", expected: true },
    { code: "rate_limited", expected: false },
    { code: "budget_exceeded", expected: false },
    { code: null, expected: false },
  ])("$code: $expected", ({ code, expected }) => {
    const failure: ChatFailure = { kind: "server", code, message: "Refused.", resetsAt: null };
    expect(isDailyLimit(failure)).toBe(expected);
  });
});
