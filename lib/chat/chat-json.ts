import type { Chat, Message } from "@/lib/db/schema";
import { toChatMessage } from "./to-ui-message";

/** The chat as its owner reads it over the API: everything but the owner id. */
export function toOwnerChatJson(chat: Chat, messages: Message[]) {
  return {
    chat: {
      id: chat.id,
      title: chat.title,
      visibility: chat.visibility,
      model: chat.model,
      createdAt: chat.createdAt,
      updatedAt: chat.updatedAt,
    },
    messages: messages.map((row) => ({
      ...toChatMessage(row),
      createdAt: row.createdAt,
      usage: row.costUsd === null ? null : { inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd },
    })),
  };
}

/** A public chat as anyone reads it through its share link: the conversation only, no usage, model or owner. */
export function toSharedChatJson(chat: Chat, messages: Message[]) {
  return {
    chat: { id: chat.id, title: chat.title, createdAt: chat.createdAt },
    messages: messages.map((row) => ({
      id: row.id,
      parentId: row.parentId,
      role: row.role,
      parts: row.parts,
      createdAt: row.createdAt,
    })),
  };
}
