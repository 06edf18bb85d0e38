import type { Message } from "@/lib/db/schema";
import type { ChatMessage, PendingState } from "./types";

/** A stored message, or an answer the store does not hold yet (see readChatMessages), marked by `pending`. */
export type ChatRow = Message & { pending?: PendingState };

export function toChatMessage(row: ChatRow): ChatMessage {
  return {
    id: row.id,
    role: row.role,
    parts: row.parts,
    metadata: {
      // An answer still being written has not ended: no status yet, as while it streams.
      ...(row.pending === "writing" ? {} : { status: row.status }),
      ...(row.model ? { model: row.model } : {}),
      parentId: row.parentId,
      createdAt: row.createdAt.toISOString(),
      ...(row.pending ? { pending: row.pending } : {}),
    },
  };
}
