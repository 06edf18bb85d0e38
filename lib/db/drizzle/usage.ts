import { and, eq, gte, sql } from "drizzle-orm";

import { chats, messages } from "../schema";
import type { SaveMessageInput, UsageSummary } from "../store";
import type { DrizzleContext, StoreInput } from "./context";

export async function getUsageSince(context: DrizzleContext, input: StoreInput<"getUsageSince">): Promise<UsageSummary> {
  const conditions = [gte(messages.createdAt, input.since)];
  if (input.userId !== undefined) conditions.push(eq(chats.userId, input.userId));
  const [row] = await context.run(() =>
    context.db
      .select({
        userMessages: sql<number>`count(*) filter (where ${messages.role} = 'user')`.mapWith(Number),
        answers: sql<number>`count(*) filter (where ${messages.role} = 'assistant')`.mapWith(Number),
        inputTokens: sql<number>`coalesce(sum(${messages.inputTokens}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
        outputTokens: sql<number>`coalesce(sum(${messages.outputTokens}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
        costUsd: sql<number>`coalesce(sum(${messages.costUsd}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
      })
      .from(messages)
      .innerJoin(chats, eq(chats.id, messages.chatId))
      .where(and(...conditions)),
  );
  return row ?? { userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

/**
 * How long the instance's spending, read for the monthly budget, is reused: that query reads every answer of the
 * month, so each message running it would grow with the instance's history.
 */
const SPEND_CACHE_MAX_AGE_MS = 10_000;

/** A read of the instance's spending since `since`, with what this store has saved since it began. */
type SpendRead = { since: number; readAt: number; base: Promise<number>; ownUsd: number };

/** getSpendSince: a read at most SPEND_CACHE_MAX_AGE_MS old, plus the answers this store saved since. */
export class SpendCache {
  private last: SpendRead | null = null;

  constructor(private readonly readUsage: (since: Date) => Promise<UsageSummary>) {}

  async spendSince(since: Date): Promise<number> {
    const sinceMs = since.getTime();
    const now = Date.now();
    let read = this.last;
    if (!read || read.since !== sinceMs || now - read.readAt >= SPEND_CACHE_MAX_AGE_MS) {
      const fresh: SpendRead = { since: sinceMs, readAt: now, ownUsd: 0, base: this.readUsage(since).then((usage) => usage.costUsd) };
      fresh.base.catch(() => {
        if (this.last === fresh) this.last = null;
      });
      this.last = read = fresh;
    }
    return (await read.base) + read.ownUsd;
  }

  /** Adds the cost of answers just saved (created at `now` when they carry no time) to the current read. */
  addSaved(rows: Iterable<SaveMessageInput>, now: Date): void {
    const read = this.last;
    if (!read) return;
    for (const row of rows) {
      if (row.role === "assistant" && (row.createdAt ?? now).getTime() >= read.since) read.ownUsd += row.usage?.costUsd ?? 0;
    }
  }
}
