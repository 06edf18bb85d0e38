import type { User } from "@/lib/db/schema";
import type { Store, UsageSummary } from "@/lib/db/store";
import { limitReachedError } from "./limit-error";
import { startOfUtcDay } from "./utc-periods";

export type QuotaLimits = { guestMessagesPerDay: number; userMessagesPerDay: number };

export type MessageQuota = { used: number; limit: number; resetsAt: Date };

/**
 * Today's messages against the user's tier, from the user's usage since midnight UTC. Counted from the store (the
 * messages themselves), so the count is exact, survives restarts and is shared by every instance.
 */
export function quotaFromUsage(usage: UsageSummary, user: Pick<User, "isGuest">, limits: QuotaLimits, now = new Date()): MessageQuota {
  return {
    // Each message sent counts once, and so does each regenerated answer: answers outnumber messages only through
    // regenerations, and a message whose answer failed still counts.
    used: Math.max(usage.userMessages, usage.answers),
    limit: user.isGuest ? limits.guestMessagesPerDay : limits.userMessagesPerDay,
    resetsAt: new Date(startOfUtcDay(now).getTime() + 24 * 60 * 60 * 1000),
  };
}

/** Throws 429 `quota_exceeded` with Retry-After when the user has sent today's allowance. */
export function throwIfQuotaReached(quota: MessageQuota, user: Pick<User, "isGuest">, now = new Date()): void {
  if (quota.used < quota.limit) return;
  const message = user.isGuest
    ? `You have used today's ${quota.limit} messages for guests. Sign up for a free account to get more.`
    : `You have used today's ${quota.limit} messages. The limit resets at midnight UTC.`;
  throw limitReachedError("quota_exceeded", message, quota.resetsAt, now);
}

/** Reads the user's usage today and measures it against the quota (the settings page). */
export async function getMessageQuota(store: Store, user: User, limits: QuotaLimits, now = new Date()): Promise<MessageQuota> {
  const usage = await store.getUsageSince({ userId: user.id, since: startOfUtcDay(now) });
  return quotaFromUsage(usage, user, limits, now);
}

