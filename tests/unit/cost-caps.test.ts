import { describe, expect, it } from "vitest";
import { createModelRegistry } from "@/lib/ai/registry";
import { chooseModels } from "@/lib/chat/choose-model";
import { checkCostCaps, readLimitUsage } from "@/lib/chat/cost-caps";
import { type AiSpendingConfig, loadConfig } from "@/lib/config";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";

const registry = createModelRegistry(
  loadConfig({ OPENAI_API_KEY: "sk-key", XAI_API_KEY: "xai-key" }, { readDevSecret: () => "a-generated-development-secret" }),
);
const chosen = registry.getModel("openai/gpt-5.5")!;
const NOW = new Date("2026-03-15T10:00:00Z");
const NO_CAPS: AiSpendingConfig = { guestDailyCapUsd: null, userDailyCapUsd: null, monthlyBudgetUsd: null, budgetExceededAction: "refuse" };

/** A store whose spending is `userToday` for the user's day and `instanceMonth` for the instance's month. */
function storeSpending(spent: { userToday: number; instanceMonth: number }) {
  const calls: { userId?: string; since: Date }[] = [];
  const store = {
    async getUsageSince(input: { userId?: string; since: Date }) {
      calls.push(input);
      const costUsd = input.userId ? spent.userToday : spent.instanceMonth;
      return { userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd };
    },
    async getSpendSince(input: { since: Date }) {
      calls.push(input);
      return spent.instanceMonth;
    },
  } as unknown as Store;
  return { store, calls };
}

async function capsOutcome(input: { isGuest: boolean; spending: Partial<AiSpendingConfig>; userToday?: number; instanceMonth?: number }) {
  const { store, calls } = storeSpending({ userToday: input.userToday ?? 0, instanceMonth: input.instanceMonth ?? 0 });
  const spending = { ...NO_CAPS, ...input.spending };
  const user = { id: "user-1", isGuest: input.isGuest };
  try {
    // As a chat message does: read the usage once, apply the caps, then let the model decision follow the budget.
    const usage = await readLimitUsage(store, user.id, spending, NOW);
    const { forceCheapest } = checkCostCaps({ usage, user, spending, now: NOW });
    const tier = input.isGuest ? "guest" : "registered";
    const { answering } = chooseModels({ registry, tier, requested: chosen, rememberedId: null, forceCheapest, needsVision: false });
    return { model: answering.id, error: null, calls };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { model: null, error, calls };
  }
}

describe("cost caps", () => {
  it.each([
    { name: "no caps", isGuest: true, spending: {}, userToday: 100, instanceMonth: 1000, expected: "openai/gpt-5.5" },
    { name: "a guest under the guest cap", isGuest: true, spending: { guestDailyCapUsd: 0.5 }, userToday: 0.49, expected: "openai/gpt-5.5" },
    { name: "a guest at the guest cap", isGuest: true, spending: { guestDailyCapUsd: 0.5 }, userToday: 0.5, expected: "quota_exceeded" },
    { name: "a user past the guest cap only", isGuest: false, spending: { guestDailyCapUsd: 0.5 }, userToday: 3, expected: "openai/gpt-5.5" },
    { name: "a user past the user cap", isGuest: false, spending: { userDailyCapUsd: 2 }, userToday: 2.5, expected: "quota_exceeded" },
    { name: "a guest past the user cap only", isGuest: true, spending: { userDailyCapUsd: 2 }, userToday: 2.5, expected: "openai/gpt-5.5" },
    { name: "under the monthly budget", isGuest: false, spending: { monthlyBudgetUsd: 100 }, instanceMonth: 99, expected: "openai/gpt-5.5" },
    { name: "past the budget, refusing", isGuest: false, spending: { monthlyBudgetUsd: 100 }, instanceMonth: 100, expected: "budget_exceeded" },
    {
      name: "past the budget, answering cheaply",
      isGuest: false,
      spending: { monthlyBudgetUsd: 100, budgetExceededAction: "cheapest" as const },
      instanceMonth: 120,
      expected: "openai/gpt-5.4-nano",
    },
  ])("$name: $expected", async ({ expected, ...input }) => {
    const outcome = await capsOutcome(input);
    if (expected === "quota_exceeded" || expected === "budget_exceeded") {
      expect(outcome.error?.code).toBe(expected);
      expect(outcome.error?.status).toBe(429);
      expect(Number(outcome.error?.headers["Retry-After"])).toBeGreaterThan(0);
    } else {
      expect(outcome.error).toBeNull();
      expect(outcome.model).toBe(expected);
    }
  });

  it("counts the user's spending since midnight UTC and the instance's since the first of the month", async () => {
    const { calls } = await capsOutcome({ isGuest: true, spending: { guestDailyCapUsd: 1, monthlyBudgetUsd: 10 } });
    expect(calls).toEqual([
      { userId: "user-1", since: new Date("2026-03-15T00:00:00Z") },
      { since: new Date("2026-03-01T00:00:00Z") },
    ]);
  });

  it("asks a guest at the cap to sign up, and says when the limit resets", async () => {
    const { error } = await capsOutcome({ isGuest: true, spending: { guestDailyCapUsd: 0.5 }, userToday: 1 });
    expect(error?.message).toMatch(/sign up/i);
    expect(error?.headers["Retry-After"]).toBe(String(14 * 60 * 60));
    expect(error?.resetsAt).toEqual(new Date("2026-03-16T00:00:00Z"));
  });

  it("waits for the next month when the budget refuses", async () => {
    const { error } = await capsOutcome({ isGuest: false, spending: { monthlyBudgetUsd: 1 }, instanceMonth: 2 });
    expect(error?.code).toBe("budget_exceeded");
    expect(error?.headers["Retry-After"]).toBe(String((Date.parse("2026-04-01T00:00:00Z") - NOW.getTime()) / 1000));
    expect(error?.resetsAt).toEqual(new Date("2026-04-01T00:00:00Z"));
  });
});
