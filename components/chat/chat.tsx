"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { PublicModel } from "@/lib/ai/catalog";
import type { ChatMessage } from "@/lib/chat/types";
import { AccountLinks, type AccountLinksProps } from "./account-links";
import { Composer } from "./composer";
import { MessageItem } from "./message-item";
import { readChatError } from "./read-error";

export type ChatProps = {
  id: string;
  title?: string;
  initialMessages: ChatMessage[];
  isNewChat: boolean;
  models: PublicModel[];
  initialModelId: string;
  isDemo: boolean;
  account: AccountLinksProps;
};

export function Chat({ id, title, initialMessages, isNewChat, models, initialModelId, isDemo, account }: ChatProps) {
  const [modelId] = useState(initialModelId);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/chat",
        // The server keeps the history; only the new message travels.
        prepareSendMessagesRequest: ({ id: chatId, messages, body }) => ({
          body: { id: chatId, message: messages.at(-1), model: body?.model },
        }),
      }),
    [],
  );

  const { messages, sendMessage, status, stop, error, regenerate, clearError } = useChat<ChatMessage>({
    id,
    messages: initialMessages,
    transport,
  });
  const isBusy = status === "submitted" || status === "streaming";
  const bottomRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [messages]);

  const send = (text: string) => {
    if (isNewChat && messages.length === 0) window.history.replaceState(null, "", `/chat/${id}`);
    void sendMessage({ text }, { body: { model: modelId } });
  };

  const stopAnswer = () => {
    // Tell the server first: closing the connection alone would let the answer finish (it is saved either way).
    void fetch(`/api/chat/${id}/stream`, { method: "DELETE" }).catch(() => undefined);
    void stop();
  };

  const shownError = error ? readChatError(error) : null;
  const modelLabel = models.find((model) => model.id === modelId)?.label ?? modelId;

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <Link href="/" className="font-semibold tracking-tight">
            chatbot
          </Link>
          <span className="truncate text-sm text-zinc-500">{title ?? ""}</span>
        </div>
        <div className="flex items-center gap-2 text-sm">
          <span className="hidden rounded-full border border-zinc-300 px-2.5 py-0.5 text-zinc-600 sm:inline dark:border-zinc-700 dark:text-zinc-300">
            {modelLabel}
          </span>
          {isDemo ? (
            <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
              Demo mode
            </span>
          ) : null}
          <Link
            href="/"
            className="rounded-full px-3 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800"
          >
            New chat
          </Link>
          <AccountLinks {...account} />
        </div>
      </header>

      <main className="flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          {messages.length === 0 ? (
            <div className="mt-[20vh] text-center">
              <h1 className="text-2xl font-semibold">How can I help you today?</h1>
              {isDemo ? (
                <p className="mt-2 text-sm text-zinc-500">
                  Demo mode: a built-in model answers. Set an AI provider key to chat with a real model.
                </p>
              ) : null}
            </div>
          ) : (
            messages.map((message, index) => (
              <MessageItem
                key={message.id}
                message={message}
                isStreaming={isBusy && index === messages.length - 1 && message.role === "assistant"}
              />
            ))
          )}
          {status === "submitted" && messages.at(-1)?.role === "user" ? (
            <div data-role="assistant" aria-busy="true">
              <span className="inline-block h-4 w-4 animate-pulse rounded-full bg-zinc-400" aria-label="Thinking" />
            </div>
          ) : null}
          {shownError ? (
            <div role="alert" className="rounded-xl border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p>{shownError.message}</p>
              {shownError.code === "rate_limited" && account.isGuest ? (
                <Link href={`/register?redirectTo=${encodeURIComponent(`/chat/${id}`)}`} className="mt-2 mr-4 inline-block font-medium underline underline-offset-2">
                  Sign up for more messages
                </Link>
              ) : null}
              <button
                type="button"
                onClick={() => {
                  clearError();
                  void regenerate({ body: { model: modelId } });
                }}
                className="mt-2 font-medium underline underline-offset-2"
              >
                Retry
              </button>
            </div>
          ) : null}
          <div ref={bottomRef} />
        </div>
      </main>

      <footer className="shrink-0 px-4 pb-4">
        <div className="mx-auto w-full max-w-3xl">
          <Composer isBusy={isBusy} onSend={send} onStop={stopAnswer} />
          <p className="mt-2 text-center text-xs text-zinc-500">Answers can be wrong. Check important information.</p>
        </div>
      </footer>
    </div>
  );
}
