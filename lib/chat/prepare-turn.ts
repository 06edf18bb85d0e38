import type { Message } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { pathTo } from "./message-tree";
import { toChatMessage } from "./to-ui-message";
import type { ChatMessage } from "./types";

export type Turn = {
  /** The conversation to send to the model: the branch down to the user message being answered, which ends it. */
  history: ChatMessage[];
  /** The user message to save first, or null when it is already saved (Retry, Regenerate). */
  newMessage: (ChatMessage & { parentId: string | null }) | null;
};

/**
 * Places a user message in the chat's message tree. A new message follows `parentId` (omitted: the newest message,
 * as a client unaware of versions expects); a message already saved is answered again from its own branch, with its
 * saved text, so a resend cannot rewrite history.
 */
export function prepareTurn(rows: Message[], input: { message: ChatMessage; parentId?: string | null }): Turn {
  const messages = rows.map(toChatMessage);
  const saved = rows.find((row) => row.id === input.message.id);
  if (saved) {
    if (saved.role !== "user") throw new AppError("conflict", "message.id: this id belongs to an answer in this chat.");
    return { history: pathTo(messages, saved.id), newMessage: null };
  }
  const parentId = input.parentId === undefined ? (rows.at(-1)?.id ?? null) : input.parentId;
  if (parentId !== null && !rows.some((row) => row.id === parentId)) {
    throw new AppError("bad_request", "parentId: there is no such message in this chat.");
  }
  const message: ChatMessage = { ...input.message, metadata: { parentId } };
  return {
    history: [...(parentId === null ? [] : pathTo(messages, parentId)), message],
    newMessage: { ...message, parentId },
  };
}
