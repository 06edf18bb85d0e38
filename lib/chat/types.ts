import type { UIMessage } from "ai";
import type { MessageStatus } from "@/lib/db/schema";

export type ChatMessageMetadata = {
  /** How the answer ended; absent while it streams. */
  status?: MessageStatus;
  model?: string;
  /** The message this one follows (null for a chat's first); edits and regenerations are siblings. */
  parentId?: string | null;
  /** ISO time the message was saved, for the history and exports. */
  createdAt?: string;
  /**
   * An answer that is not in the store yet: `writing` while the model still writes it (seen after a reload),
   * `saving` when the store refused it and the server keeps trying until it is back. Null (or absent) once saved.
   */
  pending?: PendingState | null;
};

export type PendingState = "writing" | "saving";

/**
 * Data parts of the answer stream: `data-title` (transient, so useChat hands it to onData without keeping it in the
 * message) carries the generated title once it is ready.
 */
export type ChatDataParts = { title: { title: string } };

/** The AI SDK UI message the browser and server exchange. */
export type ChatMessage = UIMessage<ChatMessageMetadata>;

/** A file the user attached (an image or a document), as a part of their message. */
export type FilePart = Extract<ChatMessage["parts"][number], { type: "file" }>;
