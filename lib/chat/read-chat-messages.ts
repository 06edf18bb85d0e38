import "server-only";
import type { Chat } from "@/lib/db/schema";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { getActiveAnswers } from "./active-answers";
import { getAnswerQueue } from "./answer-queue";
import { liveAnswerIdOf } from "./live-answer";
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

/**
 * An answer still being written, with what its last progress write saved (the page shows that much at once; its
 * live stream, replayed from the start, then replaces it). Its stored `interrupted` is not its status yet.
 */
function writingRow(row: ChatRow): ChatRow {
  return { ...row, pending: "writing" };
}

/**
 * The stored rows with newer versions of them (answers waiting for the store) put in their place and the ones the
 * store lacks slotted in, in the store's order (created, then id).
 */
function mergeRows(stored: ChatRow[], newer: ChatRow[]): ChatRow[] {
  if (newer.length === 0) return stored;
  const byId = new Map(newer.map((row) => [row.id, row]));
  const merged = stored.map((row) => byId.get(row.id) ?? row);
  const known = new Set(stored.map((row) => row.id));
  const missing = newer.filter((row) => !known.has(row.id));
  if (missing.length === 0) return merged;
  return [...merged, ...missing].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The chat's stored messages and the answers still waiting for the store (which replace what the store has of them:
 * a progress write): what the next turn follows on from.
 */
export async function readChatHistory(store: Store, chatId: string): Promise<ChatRow[]> {
  const [stored, queued] = await Promise.all([store.getMessagesByChatId({ chatId }), getAnswerQueue().pendingForChat(chatId)]);
  return withQueuedAnswers(stored, queued);
}

/** Stored messages with the answers still waiting for the store (from the answer queue) slotted in. */
export function withQueuedAnswers(stored: ChatRow[], queued: SaveMessageInput[]): ChatRow[] {
  return mergeRows(stored, queued.map((answer) => pendingRow(answer, "saving")));
}

/**
 * The chat's messages as a reader sees them: after waiting (briefly) for an answer being saved right now, the stored
 * messages, with the answers the store does not have in their final form yet marked pending: those it refused
 * (`saving`) and the one being written (`writing`, on any instance: the chat's lease says so; the page follows its
 * live stream). Never an answer missing because a reload came at the wrong moment.
 */
export async function readChatMessages(store: Store, chat: Chat): Promise<ChatRow[]> {
  const chatId = chat.id;
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
  const live = new Set(
    getActiveAnswers()
      .listForChat(chatId)
      .filter((answer) => answer.phase === "writing")
      .map((answer) => answer.id),
  );
  const leased = liveAnswerIdOf(chat);
  if (leased) live.add(leased);
  // Only a row still as the progress writes leave it: the chat may have been read just before the answer was saved.
  return rows.map((row) => (live.has(row.id) && !row.pending && row.status === "interrupted" ? writingRow(row) : row));
}
