"use client";

import { useChat } from "@ai-sdk/react";
import { type ChatTransport, DefaultChatTransport } from "ai";
import { type RefObject, useLayoutEffect, useMemo } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import type { EngineApi, EngineCallbacks, EngineState } from "./use-deferred-chat";

export type ChatEngineProps = {
  id: string;
  /** The branch on screen when the engine starts; later changes go through the api. */
  initialMessages: ChatMessage[];
  callbacks: RefObject<EngineCallbacks>;
  onState: (state: EngineState) => void;
  onReady: (api: EngineApi) => void;
  /** The page opened on an answer still being written: follow its stream (GET /api/chat/<id>/stream) at once. */
  resume: boolean;
};

/**
 * The AI SDK chat (useChat and its transport, about 60 KiB of the page's JavaScript) in a component of its own, so it
 * loads when the user starts to interact rather than with the page. It renders nothing: it reports its state up.
 */
export function ChatEngine({ id, initialMessages, callbacks, onState, onReady, resume }: ChatEngineProps) {
  const transport = useMemo((): ChatTransport<ChatMessage> => {
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
  }, []);
  const { messages, status, error, sendMessage, setMessages, regenerate, stop, clearError, resumeStream } = useChat<ChatMessage>({
    id,
    messages: initialMessages,
    transport,
    resume,
    onData: (part) => callbacks.current.onData(part),
    onFinish: (event) => callbacks.current.onFinish(event),
  });

  // Before paint, so the hand-over from the page's own state shows no flicker.
  useLayoutEffect(() => onState({ messages, status, error }), [messages, status, error, onState]);
  useLayoutEffect(
    () => onReady({ sendMessage, setMessages, regenerate, stop, clearError, resumeStream }),
    [sendMessage, setMessages, regenerate, stop, clearError, resumeStream, onReady],
  );
  return null;
}
