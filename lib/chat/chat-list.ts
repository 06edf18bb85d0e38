import { z } from "zod";
import type { Chat } from "@/lib/db/schema";
import { userTextSchema } from "@/lib/http/user-text";

/** GET /api/chats: a page of the history, or search results when `q` is given. */
export const chatListQuerySchema = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).default(30),
  // Opaque to clients; the store decodes it and refuses one it did not make.
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, { error: "is not a cursor from this list" }).optional(),
  q: userTextSchema().trim().min(1, { error: "must not be empty" }).max(200).optional(),
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
