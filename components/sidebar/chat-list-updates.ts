import type { AppEvents } from "@/components/app-events";
import type { ChatSummary } from "./history-groups";

export const UNTITLED_CHAT = "New chat";

/**
 * The list after a chat-saved event: a known chat takes the new title and, when bumped, moves to the top; an unknown
 * one is new (bumped, or the list already holds every chat) and goes first. Otherwise it is an older chat not loaded yet.
 */
export function applyChatSaved(
  chats: ChatSummary[],
  saved: AppEvents["chat-saved"],
  { now, isComplete }: { now: Date; isComplete: boolean },
): ChatSummary[] {
  const existing = chats.find((chat) => chat.id === saved.id);
  if (!existing && !saved.bumped && !isComplete) return chats;
  const stamp = now.toISOString();
  const updated: ChatSummary = {
    id: saved.id,
    title: saved.title ?? existing?.title ?? UNTITLED_CHAT,
    visibility: saved.visibility ?? existing?.visibility ?? "private",
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: saved.bumped || !existing ? stamp : existing.updatedAt,
  };
  if (existing && !saved.bumped) return chats.map((chat) => (chat.id === saved.id ? updated : chat));
  return [updated, ...chats.filter((chat) => chat.id !== saved.id)];
}

/** Appends the next page, skipping chats already listed (one bumped to the top meanwhile). */
export function appendChats(chats: ChatSummary[], page: ChatSummary[]): ChatSummary[] {
  const known = new Set(chats.map((chat) => chat.id));
  return [...chats, ...page.filter((chat) => !known.has(chat.id))];
}

/** Reads the { error: { message } } body of a failed API call, or a fallback that says what failed. */
export async function readApiError(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return fallback;
}
