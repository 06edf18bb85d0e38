import type { UIMessage } from "ai";
import type { MessageStatus } from "@/lib/db/schema";

export type ChatMessageMetadata = {
  /** How the answer ended; absent while it streams. */
  status?: MessageStatus;
  model?: string;
};

/** The AI SDK UI message the browser and server exchange. */
export type ChatMessage = UIMessage<ChatMessageMetadata>;
