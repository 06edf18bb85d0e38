import "server-only";
import { requireSessionUser } from "@/lib/auth/session";
import { getStore } from "@/lib/db";
import type { Chat, User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";

/**
 * The signed-in user's chat with this id, or 401 without a session and 404 when the chat is missing or someone
 * else's (the same answer, so ids cannot be probed). Every route on one chat starts here.
 */
export async function requireOwnedChat(chatId: string): Promise<{ user: User; store: Store; chat: Chat }> {
  const user = await requireSessionUser();
  const store = await getStore();
  const chat = await store.getChatForUser({ chatId, userId: user.id });
  if (!chat) throw new AppError("not_found", "Chat not found.");
  return { user, store, chat };
}
