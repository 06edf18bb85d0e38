import type { ChatStatus } from "ai";
import type { ChatMessage, FilePart } from "@/lib/chat/types";
import type { ChatFailure } from "./chat-failure";

export type ChatRequestOptions = { body?: Record<string, unknown> };
export type OutgoingMessage = { text: string; files?: FilePart[] };

/** The chat as it is on screen. A snapshot is replaced, never changed, so React can compare it by identity. */
export type ChatSnapshot = { messages: ChatMessage[]; status: ChatStatus; error: ChatFailure | undefined };

export type EngineCallbacks = {
  onData: (part: { type: string; data?: unknown }) => void;
  onFinish: (event: { message: ChatMessage; isError: boolean }) => void;
};

/** The AI SDK chat as a store React subscribes to (useSyncExternalStore), with useChat's actions. */
export type ChatEngine = {
  subscribe: (onChange: () => void) => () => void;
  getSnapshot: () => ChatSnapshot;
  sendMessage: (message: OutgoingMessage, options?: ChatRequestOptions) => Promise<void>;
  setMessages: (messages: ChatMessage[]) => void;
  regenerate: (options?: ChatRequestOptions) => Promise<void>;
  stop: () => Promise<void>;
  clearError: () => void;
  resumeStream: () => Promise<void>;
};

export type ChatEngineInit = {
  id: string;
  /** The branch on screen when the engine starts; later changes go through setMessages. */
  messages: ChatMessage[];
  /** Read at each event, so the page can pass new callbacks without a new engine. */
  getCallbacks: () => EngineCallbacks;
};
