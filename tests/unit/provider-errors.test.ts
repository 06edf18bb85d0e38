import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import {
  classifyProviderError,
  describeAnswerError,
  FirstTokenTimeoutError,
  INTERRUPTED_MESSAGE,
  MISCONFIGURED_MESSAGE,
  ModelsUnavailableError,
  UNAVAILABLE_MESSAGE,
} from "@/lib/ai/provider-errors";

function apiError(statusCode: number | undefined) {
  return new APICallError({ message: "failed", url: "http://x/v1/responses", requestBodyValues: {}, statusCode });
}

describe("classifyProviderError", () => {
  it.each([
    { name: "401", error: apiError(401), expected: "bad_key" },
    { name: "403", error: apiError(403), expected: "bad_key" },
    { name: "429", error: apiError(429), expected: "rate_limited" },
    { name: "500", error: apiError(500), expected: "unavailable" },
    { name: "503", error: apiError(503), expected: "unavailable" },
    { name: "no response", error: apiError(undefined), expected: "unavailable" },
    { name: "400", error: apiError(400), expected: "other" },
    { name: "a first-token timeout", error: new FirstTokenTimeoutError(1000), expected: "timeout" },
    { name: "a plain error", error: new Error("boom"), expected: "other" },
    { name: "a string", error: "boom", expected: "other" },
  ])("calls $name $expected", ({ error, expected }) => {
    expect(classifyProviderError(error)).toBe(expected);
  });
});

describe("describeAnswerError", () => {
  const misconfigured = new ModelsUnavailableError("misconfigured", [{ modelId: "xai/grok-4.3", failure: "bad_key", error: apiError(401) }]);
  const unavailable = new ModelsUnavailableError("unavailable", [{ modelId: "xai/grok-4.3", failure: "unavailable", error: apiError(500) }]);

  it.each([
    { name: "refused keys", error: misconfigured, expected: MISCONFIGURED_MESSAGE },
    { name: "failing models", error: unavailable, expected: UNAVAILABLE_MESSAGE },
    { name: "refused keys wrapped as a cause", error: new Error("step failed", { cause: misconfigured }), expected: MISCONFIGURED_MESSAGE },
    { name: "a mid-answer failure", error: new TypeError("terminated"), expected: INTERRUPTED_MESSAGE },
    { name: "a non-error", error: "terminated", expected: INTERRUPTED_MESSAGE },
  ])("tells the user about $name", ({ error, expected }) => {
    expect(describeAnswerError(error)).toBe(expected);
  });

  it("never shows provider internals", () => {
    for (const message of [MISCONFIGURED_MESSAGE, UNAVAILABLE_MESSAGE, INTERRUPTED_MESSAGE]) {
      expect(message).not.toMatch(/http|xai|openai|401|500/i);
    }
  });

  it("names every model tried in its log message", () => {
    expect(unavailable.message).toContain("xai/grok-4.3 (unavailable)");
  });
});
