"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type MouseEvent, useEffect, useMemo, useRef, useState } from "react";
import type { PublicModel } from "@/lib/ai/catalog";
import type { ChatMessage } from "@/lib/chat/types";
import { ChatActions } from "./chat-actions";
import { AccountLinks, type AccountLinksProps } from "./account-links";
import { Composer } from "./composer";
import { MessageItem } from "./message-item";
import { ModelPicker } from "./model-picker";
import { readChatError } from "./read-error";

export type ChatProps = {
  id: string;
  title?: string;
  initialMessages: ChatMessage[];
  isNewChat: boolean;
  models: PublicModel[];
  initialModelId: string;
  /** Chat models a guest would get by signing up. */
  lockedModelCount: number;
  isDemo: boolean;
  account: AccountLinksProps;
};

export function Chat({ id, title, initialMessages, isNewChat, models, initialModelId, lockedModelCount, isDemo, account }: ChatProps) {
  // The server remembers the pick with the chat when the next message is sent.
  const [modelId, setModelId] = useState(initialModelId);

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

  // An error appears below the last message: bring it into view too, or the composer would cover it.
  useEffect(() => {
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [messages, error]);

  const send = (text: string) => {
    if (isNewChat && messages.length === 0) window.history.replaceState(null, "", `/chat/${id}`);
    void sendMessage({ text }, { body: { model: modelId } });
  };

  const stopAnswer = () => {
    // Tell the server first: closing the connection alone would let the answer finish (it is saved either way).
    void fetch(`/api/chat/${id}/stream`, { method: "DELETE" }).catch(() => undefined);
    void stop();
  };

  const router = useRouter();
  // The first message moves a new chat to /chat/<id> outside the router, which still holds "/" and would keep this
  // chat on screen for a plain link to "/": fetch a fresh page (a new chat id) instead.
  const startNewChat = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push("/");
    router.refresh();
  };

  const shownError = error ? readChatError(error) : null;
  const signUpHref = `/register?redirectTo=${encodeURIComponent(isNewChat && messages.length === 0 ? "/" : `/chat/${id}`)}`;

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <Link href="/" onClick={startNewChat} className="font-semibold tracking-tight">
            chatbot
          </Link>
          <span className="hidden truncate text-sm text-zinc-500 sm:inline">{title ?? ""}</span>
        </div>
        <div className="flex shrink-0 items-center gap-1 text-sm whitespace-nowrap sm:gap-2">
          <ChatActions chatId={id} title={title ?? ""} visibility="private" isSaved={messages.some((m) => m.role === "assistant")} />
          {isDemo ? (
            <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
              Demo<span className="hidden sm:inline"> mode</span>
            </span>
          ) : null}
          <Link
            href="/"
            onClick={startNewChat}
            title="New chat"
            className="flex items-center rounded-full px-2 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 sm:px-3 dark:hover:bg-zinc-800"
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 sm:hidden">
              <path d="M8 3v10M3 8h10" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <span className="sr-only sm:not-sr-only">New chat</span>
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
              <span role="status" aria-label="Waiting for the answer" className="inline-block h-4 w-4 animate-pulse rounded-full bg-zinc-400" />
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
          <Composer
            isBusy={isBusy}
            onSend={send}
            onStop={stopAnswer}
            tools={
              <ModelPicker models={models} value={modelId} onChange={setModelId} lockedModelCount={lockedModelCount} signUpHref={signUpHref} />
            }
          />
          <p className="mt-2 text-center text-xs text-zinc-500">Answers can be wrong. Check important information.</p>
        </div>
      </footer>
    </div>
  );
}
