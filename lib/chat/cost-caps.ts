import type { ModelInfo } from "@/lib/ai/catalog";
import type { ModelRegistry } from "@/lib/ai/registry";
import type { AiSpendingConfig } from "@/lib/config";
import type { User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
import { startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from "@/lib/limits/utc-periods";
import { log } from "@/lib/log";

const DAY_MS = 24 * 60 * 60 * 1000;

function retryAfterSeconds(until: Date, now: Date): string {
  return String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
}

/**
 * The model that may answer under the cost caps: the chosen one, or the cheapest chat model once the instance's
 * monthly budget is spent and the operator chose `cheapest`. Throws 429 `quota_exceeded` when the user's daily cap
 * or the budget (with `refuse`) is reached. Spending is the estimated cost saved with each answer.
 */
export async function applyCostCaps(input: {
  store: Store;
  registry: ModelRegistry;
  user: Pick<User, "id" | "isGuest">;
  model: ModelInfo;
  spending: AiSpendingConfig;
  now?: Date;
}): Promise<ModelInfo> {
  const { store, registry, user, spending } = input;
  const now = input.now ?? new Date();

  const dailyCap = user.isGuest ? spending.guestDailyCapUsd : spending.userDailyCapUsd;
  if (dailyCap !== null) {
    const today = startOfUtcDay(now);
    const { costUsd } = await store.getUsageSince({ userId: user.id, since: today });
    if (costUsd >= dailyCap) {
      const message = user.isGuest
        ? "You have reached today's AI usage limit for guests. Sign up for a free account to get more, or come back tomorrow."
        : "You have reached today's AI usage limit. It resets at midnight UTC.";
      throw new AppError("quota_exceeded", message, {
        headers: { "Retry-After": retryAfterSeconds(new Date(today.getTime() + DAY_MS), now) },
      });
    }
  }

  if (spending.monthlyBudgetUsd !== null) {
    const { costUsd } = await store.getUsageSince({ since: startOfUtcMonth(now) });
    if (costUsd >= spending.monthlyBudgetUsd) {
      if (spending.budgetExceededAction === "refuse") {
        log.warn("chat: the monthly AI budget is spent; refusing answers", { budgetUsd: spending.monthlyBudgetUsd, spentUsd: costUsd });
        throw new AppError("quota_exceeded", "This service has used its AI budget for the month. Try again next month.", {
          headers: { "Retry-After": retryAfterSeconds(startOfNextUtcMonth(now), now) },
        });
      }
      return registry.cheapestModelFor("chat");
    }
  }
  return input.model;
}
