import type { Chat } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";

/**
 * The user's chat with this id, created when it does not exist yet. Someone else's chat answers 404, the same as a
 * missing one, so ids cannot be probed.
 */
export async function loadOrCreateChat(
  store: Store,
  input: { id: string; userId: string; title: string; model: string },
): Promise<Chat> {
  const existing = await store.getChatById({ id: input.id });
  if (existing) {
    if (existing.userId !== input.userId) throw new AppError("not_found", "Chat not found.");
    return existing;
  }
  const created = await store.createChat(input);
  if (created) return created;
  // Lost a race with another request creating the same id: re-read and apply the same ownership rule.
  const winner = await store.getChatForUser({ chatId: input.id, userId: input.userId });
  if (!winner) throw new AppError("not_found", "Chat not found.");
  return winner;
}
