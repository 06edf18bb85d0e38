import type { AiSpendingConfig } from "@/lib/config";
import type { User } from "@/lib/db/schema";
import type { Store, UsageSummary } from "@/lib/db/store";
import { limitReachedError } from "@/lib/limits/limit-error";
import { startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from "@/lib/limits/utc-periods";
import { log } from "@/lib/log";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The usage a message is measured against, read once: the user's since midnight UTC (the message quota and the
 * daily cost cap both use it) and, only when a monthly budget is set, the whole instance's spending since the 1st.
 */
export type LimitUsage = { userToday: UsageSummary; instanceMonthUsd: number | null };

/**
 * The instance's spending this month, when a monthly budget is set. Read through Store.getSpendSince, which may answer
 * from a cache a few seconds old as to other instances' answers (see there), so the budget may be overshot by that
 * much spending; never by this instance's own answers.
 */
export async function readInstanceMonthSpend(store: Store, spending: AiSpendingConfig, now: Date): Promise<number | null> {
  return spending.monthlyBudgetUsd === null ? null : store.getSpendSince({ since: startOfUtcMonth(now) });
}

export async function readLimitUsage(store: Store, userId: string, spending: AiSpendingConfig, now: Date): Promise<LimitUsage> {
  const [userToday, instanceMonthUsd] = await Promise.all([
    store.getUsageSince({ userId, since: startOfUtcDay(now) }),
    readInstanceMonthSpend(store, spending, now),
  ]);
  return { userToday, instanceMonthUsd };
}

/**
 * Applies the cost caps to the usage read. Throws 429 `quota_exceeded` when the user's daily cap is reached (the
 * message quota's code: for the user both are today's allowance, which signing up raises), 429 `budget_exceeded`
 * when the instance's monthly budget is spent and the operator chose `refuse`; `forceCheapest` when it is spent and
 * the operator chose `cheapest`. Spending is the estimated cost saved with each answer.
 */
export function checkCostCaps(input: {
  usage: LimitUsage;
  user: Pick<User, "isGuest">;
  spending: AiSpendingConfig;
  now: Date;
}): { forceCheapest: boolean } {
  const { usage, user, spending, now } = input;
  const dailyCap = user.isGuest ? spending.guestDailyCapUsd : spending.userDailyCapUsd;
  if (dailyCap !== null && usage.userToday.costUsd >= dailyCap) {
    const message = user.isGuest
      ? "You have reached today's AI usage limit for guests. Sign up for a free account to get more, or come back tomorrow."
      : "You have reached today's AI usage limit. It resets at midnight UTC.";
    throw limitReachedError("quota_exceeded", message, new Date(startOfUtcDay(now).getTime() + DAY_MS), now);
  }

  const spent = usage.instanceMonthUsd ?? 0;
  if (spending.monthlyBudgetUsd === null || spent < spending.monthlyBudgetUsd) return { forceCheapest: false };
  if (spending.budgetExceededAction === "cheapest") return { forceCheapest: true };
  log.warn("chat: the monthly AI budget is spent; refusing answers", { budgetUsd: spending.monthlyBudgetUsd, spentUsd: spent });
  const message = "This service has used its AI budget for the month. Try again next month.";
  throw limitReachedError("budget_exceeded", message, startOfNextUtcMonth(now), now);
}
