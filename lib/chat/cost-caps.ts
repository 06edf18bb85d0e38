import type { AiSpendingConfig } from "@/lib/config";
import type { User } from "@/lib/db/schema";
import type { Store, UsageSummary } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
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

function retryAfterSeconds(until: Date, now: Date): string {
  return String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
}

/**
 * Applies the cost caps to the usage read. Throws 429 `quota_exceeded` when the user's daily cap or the instance's
 * monthly budget (with `refuse`) is reached; `forceCheapest` when the budget is spent and the operator chose
 * `cheapest`. Spending is the estimated cost saved with each answer.
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
    throw new AppError("quota_exceeded", message, {
      headers: { "Retry-After": retryAfterSeconds(new Date(startOfUtcDay(now).getTime() + DAY_MS), now) },
    });
  }

  const spent = usage.instanceMonthUsd ?? 0;
  if (spending.monthlyBudgetUsd === null || spent < spending.monthlyBudgetUsd) return { forceCheapest: false };
  if (spending.budgetExceededAction === "cheapest") return { forceCheapest: true };
  log.warn("chat: the monthly AI budget is spent; refusing answers", { budgetUsd: spending.monthlyBudgetUsd, spentUsd: spent });
  throw new AppError("quota_exceeded", "This service has used its AI budget for the month. Try again next month.", {
    headers: { "Retry-After": retryAfterSeconds(startOfNextUtcMonth(now), now) },
  });
}
