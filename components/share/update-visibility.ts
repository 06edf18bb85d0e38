import type { Visibility } from "@/lib/db/schema";

/** Makes the chat public (its share link works) or private (the link stops working at once); returns the new state. */
export async function updateVisibility(chatId: string, visibility: Visibility): Promise<Visibility> {
  let response: Response;
  try {
    response = await fetch(`/api/chat/${chatId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ visibility }),
    });
  } catch {
    throw new Error("The connection was lost. Check your network and try again.");
  }
  const body = (await response.json().catch(() => null)) as { visibility?: unknown; error?: { message?: unknown } } | null;
  if (!response.ok) {
    throw new Error(typeof body?.error?.message === "string" ? body.error.message : "Something went wrong. Try again.");
  }
  return body?.visibility === "public" ? "public" : "private";
}
