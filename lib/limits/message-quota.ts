import type { User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
import { startOfUtcDay } from "./utc-periods";

export type QuotaLimits = { guestMessagesPerDay: number; userMessagesPerDay: number };

export type MessageQuota = { used: number; limit: number; resetsAt: Date };


/**
 * Today's messages against the user's tier. Counted from the store (the messages themselves), so the count is exact,
 * survives restarts and is shared by every instance.
 */
export async function getMessageQuota(store: Store, user: User, limits: QuotaLimits, now = new Date()): Promise<MessageQuota> {
  const since = startOfUtcDay(now);
  const { userMessages, answers } = await store.getUsageSince({ userId: user.id, since });
  return {
    // Each message sent counts once, and so does each regenerated answer: answers outnumber messages only through
    // regenerations, and a message whose answer failed still counts.
    used: Math.max(userMessages, answers),
    limit: user.isGuest ? limits.guestMessagesPerDay : limits.userMessagesPerDay,
    resetsAt: new Date(since.getTime() + 24 * 60 * 60 * 1000),
  };
}

/** Throws 429 `rate_limited` with Retry-After when the user has sent today's allowance. */
export async function enforceMessageQuota(store: Store, user: User, limits: QuotaLimits, now = new Date()): Promise<void> {
  const quota = await getMessageQuota(store, user, limits, now);
  if (quota.used < quota.limit) return;
  const retryAfter = Math.max(1, Math.ceil((quota.resetsAt.getTime() - now.getTime()) / 1000));
  const message = user.isGuest
    ? `You have used today's ${quota.limit} messages for guests. Sign up for a free account to get more.`
    : `You have used today's ${quota.limit} messages. The limit resets at midnight UTC.`;
  throw new AppError("rate_limited", message, { headers: { "Retry-After": String(retryAfter) } });
}
