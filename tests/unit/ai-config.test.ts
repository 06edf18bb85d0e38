import { describe, expect, it } from "vitest";
import { configErrorOf as configErrorFor, loadTestConfig as load } from "../support/config";

const configErrorOf = (env: Record<string, string>) => configErrorFor(env).message;


describe("AI provider settings", () => {
  it("waits 60 s for a first token by default", () => {
    expect(load({}).ai.timeoutMs).toBe(60_000);
    expect(load({ AI_TIMEOUT_MS: "" }).ai.timeoutMs).toBe(60_000);
    expect(load({ AI_TIMEOUT_MS: "15000" }).ai.timeoutMs).toBe(15_000);
  });

  it.each(["0", "999", "abc", "1.5", "600001"])("rejects AI_TIMEOUT_MS=%s", (value) => {
    expect(configErrorOf({ AI_TIMEOUT_MS: value })).toMatch(/^Invalid environment variable AI_TIMEOUT_MS: /);
  });

  it("keeps model list overrides with their provider", () => {
    const config = load({ XAI_API_KEY: "k", XAI_MODELS: "grok-4.3=Grok", OPENAI_API_KEY: "k2", OPENAI_MODELS: "gpt-5.5" });
    expect(config.ai.xai?.models).toEqual([{ id: "grok-4.3", label: "Grok" }]);
    expect(config.ai.openai?.models).toEqual([{ id: "gpt-5.5", label: "gpt-5.5" }]);
  });

  it("leaves the built-in lists in place without overrides", () => {
    const config = load({ XAI_API_KEY: "k", OPENAI_API_KEY: "k2" });
    expect(config.ai.xai?.models).toBeUndefined();
    expect(config.ai.openai?.models).toBeUndefined();
  });
});

describe("AI spending caps", () => {
  it("has no caps and refuses past a budget by default", () => {
    expect(load({}).ai.spending).toEqual({
      guestDailyCapUsd: null,
      userDailyCapUsd: null,
      monthlyBudgetUsd: null,
      budgetExceededAction: "refuse",
    });
  });

  it("reads dollar amounts and the budget action", () => {
    const config = load({
      GUEST_DAILY_COST_CAP_USD: "0.05",
      USER_DAILY_COST_CAP_USD: "2",
      MONTHLY_BUDGET_USD: "250.5",
      BUDGET_EXCEEDED_ACTION: "cheapest",
    });
    expect(config.ai.spending).toEqual({
      guestDailyCapUsd: 0.05,
      userDailyCapUsd: 2,
      monthlyBudgetUsd: 250.5,
      budgetExceededAction: "cheapest",
    });
  });

  it.each([
    { variable: "GUEST_DAILY_COST_CAP_USD", value: "0" },
    { variable: "USER_DAILY_COST_CAP_USD", value: "-1" },
    { variable: "MONTHLY_BUDGET_USD", value: "ten" },
    { variable: "BUDGET_EXCEEDED_ACTION", value: "ignore" },
  ])("rejects $variable=$value naming the variable", ({ variable, value }) => {
    expect(configErrorOf({ [variable]: value })).toMatch(new RegExp(`^Invalid environment variable ${variable}: `));
  });
});

describe("custom model prices", () => {
  const custom = { CUSTOM_AI_BASE_URL: "http://127.0.0.1:11434/v1", CUSTOM_AI_MODELS: "llama3.1:8b=Llama,qwen2.5" };

  it("prices listed models per million tokens, with * for the rest, and nothing when unset", async () => {
    const { customModelsFromSettings } = await import("@/lib/ai/catalog");
    const config = load({ ...custom, CUSTOM_AI_PRICES: "llama3.1:8b=0.2/0.6, *=0.05/0.1" });
    expect(config.ai.custom?.prices).toEqual({
      "llama3.1:8b": { inputPerMillion: 0.2, outputPerMillion: 0.6 },
      "*": { inputPerMillion: 0.05, outputPerMillion: 0.1 },
    });
    const models = customModelsFromSettings(config.ai.custom!.models, config.ai.custom!.prices);
    expect(models.map((model) => model.pricing)).toEqual([
      { inputPerMillion: 0.2, outputPerMillion: 0.6 },
      { inputPerMillion: 0.05, outputPerMillion: 0.1 },
    ]);
    const unpriced = load(custom);
    expect(customModelsFromSettings(unpriced.ai.custom!.models, unpriced.ai.custom!.prices)[0]?.pricing).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
  });

  it.each([
    ["llama3.1:8b=cheap", /is not id=input\/output/],
    ["llama3.1:8b=0.2", /is not id=input\/output/],
    ["=0.2/0.6", /is not id=input\/output/],
    ["mistral=0.2/0.6", /"mistral" is not one of CUSTOM_AI_MODELS/],
  ])("rejects CUSTOM_AI_PRICES=%s", (value, message) => {
    expect(configErrorOf({ ...custom, CUSTOM_AI_PRICES: value })).toMatch(message);
  });

  it("requires the server URL with prices", () => {
    expect(configErrorOf({ CUSTOM_AI_PRICES: "*=1/1" })).toMatch(/CUSTOM_AI_BASE_URL: required when CUSTOM_AI_PRICES is set/);
  });
});
