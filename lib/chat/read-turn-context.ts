import "server-only";
import type { AiSpendingConfig } from "@/lib/config";
import type { Chat, User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { startOfUtcDay } from "@/lib/limits/utc-periods";
import { getAnswerQueue } from "./answer-queue";
import { type LimitUsage, readInstanceMonthSpend } from "./cost-caps";
import { withQueuedAnswers } from "./read-chat-messages";
import type { ChatRow } from "./to-ui-message";

/**
 * What a chat message is decided from, read at once: the session's user row (null: the token names a user that is
 * gone), the chat (whoever owns it), its history (the stored messages with the answers still waiting for the
 * store), and the usage its quota and cost caps are measured against. One statement on a database
 * (Store.getChatTurnContext), beside the answer queue and the cached monthly spend.
 */
export async function readTurnContext(
  store: Store,
  input: { chatId: string; userId: string; spending: AiSpendingConfig; now: Date },
): Promise<{ user: User | null; chat: Chat | null; rows: ChatRow[]; usage: LimitUsage }> {
  const [context, queued, instanceMonthUsd] = await Promise.all([
    store.getChatTurnContext({ chatId: input.chatId, userId: input.userId, usageSince: startOfUtcDay(input.now), withUser: true }),
    getAnswerQueue().pendingForChat(input.chatId),
    readInstanceMonthSpend(store, input.spending, input.now),
  ]);
  return {
    user: context.user ?? null,
    chat: context.chat,
    rows: withQueuedAnswers(context.messages, queued),
    usage: { userToday: context.usage, instanceMonthUsd },
  };
}
