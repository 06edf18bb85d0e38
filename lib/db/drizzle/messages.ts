import { AppError } from "@/lib/errors";

import type { Message } from "../schema";
import type { ChatTurnContext, SaveMessageInput } from "../store";
import { fromTurnContextRow, SAVE_MESSAGES_SQL, SAVE_PROGRESS_SQL, SAVE_TURN_SQL, toMessageRecords, TURN_CONTEXT_SQL } from "../turn-sql";
import { chatNotFound, type DrizzleContext, type StoreInput, userNotFound } from "./context";

export async function getMessagesByChatId(context: DrizzleContext, input: StoreInput<"getMessagesByChatId">): Promise<Message[]> {
  return context.run(() => context.statements.messagesByChatId.execute({ chatId: input.chatId }));
}

// One statement (see SAVE_MESSAGES_SQL), so one transaction.
export async function saveMessages(context: DrizzleContext, input: StoreInput<"saveMessages">): Promise<void> {
  if (input.messages.length === 0) return;
  const now = new Date();
  // One INSERT may not touch the same row twice; the last copy of a message wins, as it would one by one.
  const rows = new Map<string, SaveMessageInput>();
  for (const message of input.messages) rows.set(`${message.chatId}\u0000${message.id}`, message);
  await context.run(() => context.runSql(SAVE_MESSAGES_SQL, [toMessageRecords([...rows.values()], now), now.toISOString()]), {
    foreignKey: chatNotFound,
  });
  context.spend.addSaved(rows.values(), now);
}

export async function saveAnswerProgress(context: DrizzleContext, input: StoreInput<"saveAnswerProgress">): Promise<boolean> {
  const toSave = input.message ? [{ ...input.message, chatId: input.chatId }] : [];
  const [row] = await context.run(() =>
    context.runSql(SAVE_PROGRESS_SQL, [input.chatId, input.answerId, input.liveUntil.toISOString(), toMessageRecords(toSave, new Date())]),
  );
  return row?.isLive === true;
}

export async function getChatTurnContext(context: DrizzleContext, input: StoreInput<"getChatTurnContext">): Promise<ChatTurnContext> {
  const [row] = await context.run(() => context.runSql(TURN_CONTEXT_SQL, [input.chatId, input.userId, input.usageSince.toISOString()]));
  if (!row) throw new Error("the turn context query returned no row");
  return fromTurnContextRow(row, input.withUser === true);
}

// One statement (see SAVE_TURN_SQL): one round trip, and no transaction to begin and commit.
export async function saveChatTurn(context: DrizzleContext, input: StoreInput<"saveChatTurn">): Promise<"saved" | "files_unavailable"> {
  const { id: chatId, userId } = input.chat;
  const fileIds = [...new Set(input.fileIds)];
  const now = new Date();
  const toSave = [input.message, input.answer?.message].flatMap((message) => (message ? [{ ...message, chatId }] : []));
  const [row] = await context.run(
    () =>
      context.runSql(SAVE_TURN_SQL, [
        chatId,
        userId,
        input.chat.title,
        input.chat.model,
        now.toISOString(),
        fileIds.join(","),
        toMessageRecords(toSave, now),
        input.answer?.message.id ?? null,
        input.answer?.liveUntil.toISOString() ?? null,
      ]),
    { foreignKey: userNotFound },
  );
  if (!row || row.chatIsForeign) throw new AppError("not_found", "Chat not found.");
  if (!row.filesOk) return "files_unavailable";
  if (!row.chatSaved) throw new AppError("not_found", "Chat not found.");
  return "saved";
}
