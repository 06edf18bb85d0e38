import "server-only";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { type ActiveAnswerInfo, getActiveAnswers } from "./active-answers";
import { getAnswerQueue } from "./answer-queue";
import type { ChatRow } from "./to-ui-message";
import type { PendingState } from "./types";

/**
 * How long a read of a chat waits for an answer whose save is under way at that moment, so that a reload right after
 * an answer ended finds it stored rather than pending. A save takes milliseconds; this bounds a slow one.
 */
const SAVE_WAIT_MS = 1_500;

function pendingRow(answer: SaveMessageInput, pending: PendingState): ChatRow {
  return {
    chatId: answer.chatId,
    id: answer.id,
    parentId: answer.parentId ?? null,
    role: answer.role,
    parts: answer.parts,
    status: answer.status ?? "complete",
    model: answer.model ?? null,
    inputTokens: answer.usage?.inputTokens ?? null,
    outputTokens: answer.usage?.outputTokens ?? null,
    costUsd: answer.usage?.costUsd ?? null,
    createdAt: answer.createdAt ?? new Date(),
    pending,
  };
}

/** An answer still being written: no text yet (the stream carries it), only its place in the conversation. */
function writingRow(answer: ActiveAnswerInfo): ChatRow {
  return pendingRow({ chatId: answer.chatId, id: answer.id, parentId: answer.parentId, role: "assistant", parts: [], createdAt: answer.createdAt }, "writing");
}

/** The stored rows with the ones the store lacks slotted in, in the store's order (created, then id). */
function mergeRows(stored: ChatRow[], extra: ChatRow[]): ChatRow[] {
  const known = new Set(stored.map((row) => row.id));
  const missing = extra.filter((row) => !known.has(row.id));
  if (missing.length === 0) return stored;
  return [...stored, ...missing].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The chat's stored messages and the answers still waiting for the store: what the next turn follows on from. */
export async function readChatHistory(store: Store, chatId: string): Promise<ChatRow[]> {
  const [stored, queued] = await Promise.all([store.getMessagesByChatId({ chatId }), getAnswerQueue().pendingForChat(chatId)]);
  return mergeRows(stored, queued.map((answer) => pendingRow(answer, "saving")));
}

/**
 * The chat's messages as a reader sees them: after waiting (briefly) for an answer being saved right now, the stored
 * messages, plus the answers the store does not have yet, marked pending: those it refused (`saving`) and those the
 * model is still writing (`writing`). Never an answer missing because a reload came at the wrong moment.
 */
export async function readChatMessages(store: Store, chatId: string): Promise<ChatRow[]> {
  const saving = getActiveAnswers()
    .listForChat(chatId)
    .filter((answer) => answer.phase === "saving");
  if (saving.length > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SAVE_WAIT_MS);
    });
    await Promise.race([Promise.all(saving.map((answer) => answer.done)), waited]);
    clearTimeout(timer);
  }
  const rows = await readChatHistory(store, chatId);
  const writing = getActiveAnswers()
    .listForChat(chatId)
    .filter((answer) => answer.phase === "writing")
    .map(writingRow);
  return mergeRows(rows, writing);
}
