import { AbstractChat, type ChatState, type ChatStatus, type ChatTransport, DefaultChatTransport } from "ai";
import type { ChatMessage } from "@/lib/chat/types";
import type { ChatEngine, ChatEngineInit, ChatSnapshot } from "./chat-engine-types";
import { type ChatFailure, toChatFailure } from "./chat-failure";

/**
 * The chat's state as AbstractChat keeps it, with a snapshot React reads directly: every change replaces the
 * messages array (and the message being written), then the snapshot, then tells the subscribers.
 */
class ChatStore implements ChatState<ChatMessage> {
  #messages: ChatMessage[];
  #status: ChatStatus = "ready";
  #error: Error | undefined = undefined;
  #failure: ChatFailure | undefined = undefined;
  #snapshot: ChatSnapshot;
  readonly #listeners = new Set<() => void>();

  constructor(messages: ChatMessage[]) {
    this.#messages = messages;
    this.#snapshot = { messages, status: this.#status, error: undefined };
  }

  get messages() {
    return this.#messages;
  }
  set messages(messages: ChatMessage[]) {
    this.#messages = [...messages];
    this.#changed();
  }
  get status() {
    return this.#status;
  }
  set status(status: ChatStatus) {
    this.#status = status;
    this.#changed();
  }
  get error() {
    return this.#error;
  }
  set error(error: Error | undefined) {
    this.#error = error;
    this.#failure = error ? toChatFailure(error) : undefined;
    this.#changed();
  }

  pushMessage = (message: ChatMessage) => {
    this.#messages = this.#messages.concat(message);
    this.#changed();
  };
  popMessage = () => {
    this.#messages = this.#messages.slice(0, -1);
    this.#changed();
  };
  replaceMessage = (index: number, message: ChatMessage) => {
    this.#messages = [...this.#messages.slice(0, index), this.snapshot(message), ...this.#messages.slice(index + 1)];
    this.#changed();
  };
  // The SDK writes the streaming message in place: the copy is what lets memoised rows see each new word.
  snapshot = <T>(value: T): T => {
    if (typeof value !== "object" || value === null || !("parts" in value) || !Array.isArray(value.parts)) return value;
    const copy: Record<string, unknown> = { ...value, parts: value.parts.map((part: object) => ({ ...part })) };
    if ("metadata" in value && isPlainObject(value.metadata)) copy.metadata = { ...value.metadata };
    return copy as T;
  };

  subscribe = (onChange: () => void) => {
    this.#listeners.add(onChange);
    return () => void this.#listeners.delete(onChange);
  };
  getSnapshot = () => this.#snapshot;

  #changed() {
    this.#snapshot = { messages: this.#messages, status: this.#status, error: this.#failure };
    for (const listener of this.#listeners) listener();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

class Chat extends AbstractChat<ChatMessage> {}

function createTransport(): ChatTransport<ChatMessage> {
  const http = new DefaultChatTransport<ChatMessage>({
    api: "/api/chat",
    // The server keeps the history; only the new message travels, with the one it follows in the tree.
    prepareSendMessagesRequest: ({ id: chatId, messages, body }) => ({
      body: { id: chatId, message: messages.at(-1), parentId: messages.at(-2)?.id ?? null, model: body?.model },
    }),
  });
  return {
    sendMessages: (options) => http.sendMessages(options),
    // Following is best effort: when it fails (offline, a server restarting) the page keeps the answer as pending
    // and looks it up until it is stored (usePendingAnswers), instead of showing an error whose Retry would ask again.
    reconnectToStream: (options) => http.reconnectToStream(options).catch(() => null),
  };
}

/**
 * The AI SDK chat (AbstractChat and its transport, about 60 KiB of the page's JavaScript) in a module of its own,
 * so that it loads when the user starts to interact rather than with the page (DeferredChat).
 */
export function createChatEngine({ id, messages, getCallbacks }: ChatEngineInit): ChatEngine {
  const store = new ChatStore(messages);
  const chat = new Chat({
    id,
    state: store,
    transport: createTransport(),
    onData: (part) => getCallbacks().onData(part),
    onFinish: (event) => getCallbacks().onFinish(event),
  });
  return {
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    sendMessage: (message, options) => chat.sendMessage(message, options),
    setMessages: (next) => {
      chat.messages = next;
    },
    regenerate: (options) => chat.regenerate(options),
    stop: () => chat.stop(),
    clearError: () => chat.clearError(),
    resumeStream: () => chat.resumeStream(),
  };
}
