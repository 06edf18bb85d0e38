import type { ChatMessage } from "@/lib/chat/types";
import type { ChatEngine, ChatEngineInit, ChatRequestOptions, ChatSnapshot, EngineCallbacks, OutgoingMessage } from "./chat-engine-types";
import { NETWORK_FAILURE } from "./chat-failure";

/**
 * Where the chat's state lives. Until the AI SDK is here the page keeps the branch itself (`local`), with at most
 * one request waiting to be made the moment it arrives; `error` there means the SDK's code could not be fetched.
 * Once it is here (`engine`), its snapshot is the state on screen, read as it is.
 */
type DeferredState =
  | { phase: "local"; messages: ChatMessage[]; status: "ready" | "submitted" | "error"; request: ChatRequestOptions | null }
  | { phase: "engine"; engine: ChatEngine };

type LocalState = Extract<DeferredState, { phase: "local" }>;
type LocalChange = Partial<Omit<LocalState, "phase">>;

type DeferredChatInit = {
  id: string;
  messages: ChatMessage[];
  callbacks: EngineCallbacks;
  loadEngine: () => Promise<(init: ChatEngineInit) => ChatEngine>;
};

/**
 * useChat's state and actions with the AI SDK loaded on demand: the page renders and scrolls its history without
 * it, the first key press or tap inside the chat starts loading it, and an action taken before it is there (a send,
 * a retry) is kept and carried out the moment it arrives. The message the user sent shows at once either way.
 */
export class DeferredChat {
  readonly #id: string;
  readonly #loadEngine: DeferredChatInit["loadEngine"];
  #callbacks: EngineCallbacks;
  #state: DeferredState;
  #snapshot: ChatSnapshot;
  #isLoading = false;
  #isAttached = false;
  #resumeOnLoad = false;
  readonly #listeners = new Set<() => void>();

  constructor({ id, messages, callbacks, loadEngine }: DeferredChatInit) {
    this.#id = id;
    this.#loadEngine = loadEngine;
    this.#callbacks = callbacks;
    this.#state = { phase: "local", messages, status: "ready", request: null };
    this.#snapshot = localSnapshot(this.#state);
  }

  subscribe = (onChange: () => void) => {
    this.#listeners.add(onChange);
    return () => void this.#listeners.delete(onChange);
  };

  getSnapshot = (): ChatSnapshot => (this.#state.phase === "engine" ? this.#state.engine.getSnapshot() : this.#snapshot);

  setCallbacks(callbacks: EngineCallbacks) {
    this.#callbacks = callbacks;
  }

  /** While the page shows the chat; an engine that arrives after the page left is never started. */
  attach() {
    this.#isAttached = true;
  }

  detach() {
    this.#isAttached = false;
    // As useChat does when its component goes: the answer is the server's to finish (and save) either way.
    if (this.#state.phase === "engine") void this.#state.engine.stop();
  }

  /** An answer still being written when the page opened is followed as soon as the engine is here. */
  resumeWhenLoaded() {
    this.#resumeOnLoad = true;
    this.preload();
  }

  /** Starts loading the engine (on the first sign that the user is about to chat). */
  preload = () => {
    if (this.#state.phase === "engine" || this.#isLoading) return;
    this.#isLoading = true;
    this.#loadEngine().then(
      (createEngine) => this.#start(createEngine),
      () => {
        this.#isLoading = false;
        // Shown like any failed request, with Retry; the message stays on screen and is sent once loaded.
        this.#setLocal({ status: "error" });
      },
    );
  };

  sendMessage = async (message: OutgoingMessage, options?: ChatRequestOptions) => {
    if (this.#state.phase === "engine") return this.#state.engine.sendMessage(message, options);
    // As useChat would: the files, then the text, in a new user message on screen now.
    const parts: ChatMessage["parts"] = [...(message.files ?? []), { type: "text", text: message.text }];
    this.#later(options, { messages: [...this.#state.messages, { id: crypto.randomUUID(), role: "user", parts }] });
  };

  regenerate = async (options?: ChatRequestOptions) => {
    if (this.#state.phase === "engine") return this.#state.engine.regenerate(options);
    this.#later(options);
  };

  setMessages = (messages: ChatMessage[]) => {
    if (this.#state.phase === "engine") this.#state.engine.setMessages(messages);
    else this.#setLocal({ messages });
  };

  stop = async () => {
    if (this.#state.phase === "engine") return this.#state.engine.stop();
    this.#setLocal({ status: "ready", request: null });
  };

  /** Follows the chat's answer being written again (only once the engine is there: it is, after a stream broke). */
  resumeStream = async () => {
    if (this.#state.phase === "engine") await this.#state.engine.resumeStream();
  };

  clearError = () => {
    if (this.#state.phase === "engine") this.#state.engine.clearError();
    else if (this.#state.status === "error") this.#setLocal({ status: "ready" });
  };

  #later(options: ChatRequestOptions | undefined, change: LocalChange = {}) {
    this.#setLocal({ ...change, status: "submitted", request: options ?? {} });
    this.preload();
  }

  #start(createEngine: (init: ChatEngineInit) => ChatEngine) {
    this.#isLoading = false;
    if (this.#state.phase === "engine" || !this.#isAttached) return;
    const { messages, request } = this.#state;
    const engine = createEngine({ id: this.#id, messages, getCallbacks: () => this.#callbacks });
    this.#state = { phase: "engine", engine };
    // The engine lives as long as this chat does: the subscription ends with both.
    engine.subscribe(() => this.#notify());
    // The one thing to do now: answer the last user message (sent or retried before the engine came), or else
    // follow the answer the page opened on.
    if (request) void engine.regenerate(request);
    else if (this.#resumeOnLoad) void engine.resumeStream();
    this.#notify();
  }

  #setLocal(change: LocalChange) {
    if (this.#state.phase !== "local") return;
    this.#state = { ...this.#state, ...change };
    this.#snapshot = localSnapshot(this.#state);
    this.#notify();
  }

  #notify() {
    for (const listener of this.#listeners) listener();
  }
}

function localSnapshot(state: LocalState): ChatSnapshot {
  return { messages: state.messages, status: state.status, error: state.status === "error" ? NETWORK_FAILURE : undefined };
}
