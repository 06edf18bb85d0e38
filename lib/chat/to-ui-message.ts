import type { Message } from "@/lib/db/schema";
import type { ChatMessage } from "./types";

export function toChatMessage(row: Message): ChatMessage {
  return {
    id: row.id,
    role: row.role,
    parts: row.parts,
    metadata: {
      status: row.status,
      ...(row.model ? { model: row.model } : {}),
      parentId: row.parentId,
      createdAt: row.createdAt.toISOString(),
    },
  };
}
