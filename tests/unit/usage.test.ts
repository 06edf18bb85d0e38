import { describe, expect, it } from "vitest";
import { costUsd, estimateTokens, estimateUsage, usageFromProvider } from "@/lib/ai/usage";

const model = { pricing: { inputPerMillion: 1.25, outputPerMillion: 10 } };

function providerUsage(input: number | undefined, output: number | undefined) {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

describe("costUsd", () => {
  it.each([
    { input: 0, output: 0, expected: 0 },
    { input: 1_000_000, output: 0, expected: 1.25 },
    { input: 0, output: 1_000_000, expected: 10 },
    { input: 1200, output: 300, expected: 0.0045 },
    { input: 1, output: 1, expected: 0.00001125 },
  ])("prices $input in and $output out at $expected", ({ input, output, expected }) => {
    expect(costUsd(model, { inputTokens: input, outputTokens: output })).toBe(expected);
  });

  it("is zero for a free model", () => {
    expect(costUsd({ pricing: { inputPerMillion: 0, outputPerMillion: 0 } }, { inputTokens: 5000, outputTokens: 5000 })).toBe(0);
  });
});

describe("usageFromProvider", () => {
  it("takes the provider's totals and prices them", () => {
    expect(usageFromProvider(model, providerUsage(1200, 300))).toEqual({ inputTokens: 1200, outputTokens: 300, costUsd: 0.0045 });
  });

  it("counts a missing side as zero", () => {
    expect(usageFromProvider(model, providerUsage(undefined, 100))).toEqual({ inputTokens: 0, outputTokens: 100, costUsd: 0.001 });
  });

  it.each([null, undefined])("is null without a report (%s)", (usage) => {
    expect(usageFromProvider(model, usage)).toBeNull();
  });

  it("is null when the provider counted nothing", () => {
    expect(usageFromProvider(model, providerUsage(undefined, undefined))).toBeNull();
  });
});

describe("estimates", () => {
  it.each([
    { chars: 0, tokens: 0 },
    { chars: 1, tokens: 1 },
    { chars: 4, tokens: 1 },
    { chars: 5, tokens: 2 },
    { chars: -3, tokens: 0 },
  ])("counts $chars characters as $tokens tokens", ({ chars, tokens }) => {
    expect(estimateTokens(chars)).toBe(tokens);
  });

  it("prices an estimate like a report", () => {
    expect(estimateUsage(model, { input: 4000, output: 400 })).toEqual({ inputTokens: 1000, outputTokens: 100, costUsd: 0.00225 });
  });
});
