import { describe, expect, it } from "vitest";
import type { User } from "@/lib/db/schema";
import type { Store, UsageSummary } from "@/lib/db/store";
import { getMessageQuota, type QuotaLimits, throwIfQuotaReached } from "@/lib/limits/message-quota";
import { startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from "@/lib/limits/utc-periods";

const limits = { guestMessagesPerDay: 3, userMessagesPerDay: 10 };
const now = new Date("2026-03-04T18:30:00.000Z");

function storeWithUsage(userMessages: number, seen: { since?: Date } = {}, answers = 0): Store {
  return {
    async getUsageSince({ since }: { since: Date }): Promise<UsageSummary> {
      seen.since = since;
      return { userMessages, answers, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    },
  } as unknown as Store; // only getUsageSince is used by the quota
}

/** What the chat request does with the usage it read: refuse past the quota. */
async function enforceMessageQuota(store: Store, who: User, quotaLimits: QuotaLimits, at: Date): Promise<void> {
  throwIfQuotaReached(await getMessageQuota(store, who, quotaLimits, at), who, at);
}

const user = (isGuest: boolean) => ({ id: "00000000-0000-4000-8000-000000000000", isGuest }) as User;

describe("message quota", () => {
  it("counts from the start of the UTC day and resets at the next midnight UTC", async () => {
    const seen: { since?: Date } = {};
    const quota = await getMessageQuota(storeWithUsage(2, seen), user(true), limits, now);
    expect(seen.since?.toISOString()).toBe("2026-03-04T00:00:00.000Z");
    expect(quota).toEqual({ used: 2, limit: 3, resetsAt: new Date("2026-03-05T00:00:00.000Z") });
    expect(startOfUtcDay(new Date("2026-12-31T23:59:59.999Z")).toISOString()).toBe("2026-12-31T00:00:00.000Z");
    expect(startOfUtcMonth(new Date("2026-12-31T23:59:59.999Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(startOfNextUtcMonth(new Date("2026-12-31T23:59:59.999Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("uses the tier's limit", async () => {
    expect((await getMessageQuota(storeWithUsage(0), user(false), limits, now)).limit).toBe(10);
    expect((await getMessageQuota(storeWithUsage(0), user(true), limits, now)).limit).toBe(3);
  });

  it("counts regenerated answers too: whichever of messages sent and answers made is larger", async () => {
    expect((await getMessageQuota(storeWithUsage(1, {}, 3), user(true), limits, now)).used).toBe(3);
    expect((await getMessageQuota(storeWithUsage(2, {}, 1), user(true), limits, now)).used).toBe(2);
    await expect(enforceMessageQuota(storeWithUsage(1, {}, 3), user(true), limits, now)).rejects.toMatchObject({ code: "quota_exceeded" });
  });

  it("lets a guest under the limit through", async () => {
    await expect(enforceMessageQuota(storeWithUsage(2), user(true), limits, now)).resolves.toBeUndefined();
  });

  it("refuses a guest at the limit with 429, Retry-After until midnight UTC, and an invitation to sign up", async () => {
    const error = await enforceMessageQuota(storeWithUsage(3), user(true), limits, now).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "quota_exceeded", status: 429, headers: { "Retry-After": String(5.5 * 3600) } });
    expect(error).toMatchObject({ resetsAt: new Date("2026-03-05T00:00:00.000Z") });
    expect((error as Error).message).toContain("Sign up");
  });

  it("refuses a registered user at their limit without suggesting a sign-up", async () => {
    const error = await enforceMessageQuota(storeWithUsage(10), user(false), limits, now).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "quota_exceeded" });
    expect((error as Error).message).not.toContain("Sign up");
  });
});
