"use client";

import type { ChatStatus } from "ai";
import { type ComponentType, useCallback, useEffect, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import type { ChatEngineProps } from "./chat-engine";

type FilePart = Extract<ChatMessage["parts"][number], { type: "file" }>;
type RequestOptions = { body?: Record<string, unknown> };

export type EngineState = { messages: ChatMessage[]; status: ChatStatus; error: Error | undefined };
export type EngineCallbacks = {
  onData: (part: { type: string; data?: unknown }) => void;
  onFinish: (event: { message: ChatMessage; isError: boolean }) => void;
};
export type EngineApi = {
  sendMessage: (message: { text: string; files?: FilePart[] }, options?: RequestOptions) => Promise<void>;
  setMessages: (messages: ChatMessage[]) => void;
  regenerate: (options?: RequestOptions) => Promise<void>;
  stop: () => Promise<void>;
  clearError: () => void;
  resumeStream: () => Promise<void>;
};

/**
 * useChat's state and actions, with the AI SDK loaded on demand: the page renders and scrolls its history without
 * it, the first key press or tap inside the chat starts loading it, and an action taken before it is there (a
 * send, a retry) is kept and carried out the moment it arrives. The message the user sent shows at once either way.
 */
export function useDeferredChat(input: { id: string; messages: ChatMessage[]; resume: boolean } & EngineCallbacks) {
  const [state, setState] = useState<EngineState>({ messages: input.messages, status: "ready", error: undefined });
  const [Engine, setEngine] = useState<ComponentType<ChatEngineProps> | null>(null);
  const api = useRef<EngineApi | null>(null);
  const loading = useRef(false);
  // The one thing to do once loaded: answer the last user message (sent or retried before the engine came).
  const pending = useRef<RequestOptions | null>(null);
  const callbacks = useRef<EngineCallbacks>({ onData: input.onData, onFinish: input.onFinish });
  useEffect(() => {
    callbacks.current = { onData: input.onData, onFinish: input.onFinish };
  });

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    import("./chat-engine").then(
      (module) => setEngine(() => module.ChatEngine),
      () => {
        loading.current = false;
        // Shown like any failed request, with Retry; the message stays on screen and is sent once loaded.
        setState((current) => ({ ...current, status: "error", error: new TypeError("Failed to fetch") }));
      },
    );
  }, []);

  // An answer still being written when the page opened is followed at once, not on the first key press.
  const [resume] = useState(input.resume);
  useEffect(() => {
    if (resume) load();
  }, [resume, load]);

  const onReady = useCallback((ready: EngineApi) => {
    api.current = ready;
    const options = pending.current;
    pending.current = null;
    if (options) void ready.regenerate(options);
  }, []);

  const later = (options: RequestOptions | undefined) => {
    pending.current = options ?? {};
    setState((current) => ({ ...current, status: "submitted", error: undefined }));
    load();
  };

  return {
    ...state,
    /** Starts loading the engine (on the first sign that the user is about to chat). */
    preload: load,
    engine: Engine ? (
      <Engine id={input.id} initialMessages={state.messages} callbacks={callbacks} onState={setState} onReady={onReady} resume={resume} />
    ) : null,
    sendMessage: async (message: { text: string; files?: FilePart[] }, options?: RequestOptions) => {
      if (api.current) return api.current.sendMessage(message, options);
      // As useChat would: the files, then the text, in a new user message on screen now.
      const parts: ChatMessage["parts"] = [...(message.files ?? []), { type: "text", text: message.text }];
      setState((current) => ({ ...current, messages: [...current.messages, { id: crypto.randomUUID(), role: "user", parts }] }));
      later(options);
    },
    regenerate: async (options?: RequestOptions) => {
      if (api.current) return api.current.regenerate(options);
      later(options);
    },
    setMessages: (messages: ChatMessage[]) => {
      if (api.current) api.current.setMessages(messages);
      else setState((current) => ({ ...current, messages }));
    },
    stop: async () => {
      pending.current = null;
      if (api.current) return api.current.stop();
      setState((current) => ({ ...current, status: "ready" }));
    },
    /** Follows the chat's answer being written again (only once the engine is there: it is, after a stream broke). */
    resumeStream: async () => {
      await api.current?.resumeStream();
    },
    clearError: () => {
      if (api.current) api.current.clearError();
      else setState((current) => (current.status === "error" ? { ...current, status: "ready", error: undefined } : current));
    },
  };
}
