"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import type { EngineCallbacks } from "./chat-engine-types";
import { DeferredChat } from "./deferred-chat";

const loadEngine = () => import("./chat-engine").then((module) => module.createChatEngine);

/** The chat's state and actions (DeferredChat: the AI SDK loads on the first sign that the user is about to chat). */
export function useDeferredChat(input: { id: string; messages: ChatMessage[]; resume: boolean } & EngineCallbacks) {
  const [chat] = useState(
    () => new DeferredChat({ id: input.id, messages: input.messages, callbacks: { onData: input.onData, onFinish: input.onFinish }, loadEngine }),
  );
  useEffect(() => {
    chat.setCallbacks({ onData: input.onData, onFinish: input.onFinish });
  });
  // An answer still being written when the page opened is followed at once, not on the first key press.
  const [resume] = useState(input.resume);
  useEffect(() => {
    chat.attach();
    if (resume) chat.resumeWhenLoaded();
    return () => chat.detach();
  }, [chat, resume]);

  const snapshot = useSyncExternalStore(chat.subscribe, chat.getSnapshot, chat.getSnapshot);
  return {
    ...snapshot,
    preload: chat.preload,
    sendMessage: chat.sendMessage,
    regenerate: chat.regenerate,
    setMessages: chat.setMessages,
    stop: chat.stop,
    resumeStream: chat.resumeStream,
    clearError: chat.clearError,
  };
}
