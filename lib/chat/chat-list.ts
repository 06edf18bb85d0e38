import { z } from "zod";
import type { Chat } from "@/lib/db/schema";

/** GET /api/chats: a page of the history, or search results when `q` is given. */
export const chatListQuerySchema = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
  q: z.string().trim().min(1, { error: "must not be empty" }).max(200).optional(),
});

/** A chat as the sidebar lists it. */
export function toChatListItem(chat: Chat) {
  return {
    id: chat.id,
    title: chat.title,
    visibility: chat.visibility,
    createdAt: chat.createdAt.toISOString(),
    updatedAt: chat.updatedAt.toISOString(),
  };
}

export type ChatListItem = ReturnType<typeof toChatListItem>;
