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
