"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/chat/types";

/** How often a page with a pending answer looks again, and for how long at most. */
const RECHECK_DELAY_MS = 1_500;
const RECHECK_FOR_MS = 5 * 60_000;

/**
 * An answer the page shows as pending (still being written when the page loaded, or not saved yet) is looked up
 * again until the server has stored it, and then shown as stored. Only while no answer streams: a live stream
 * carries its own end.
 */
export function usePendingAnswers(input: {
  chatId: string;
  messages: ChatMessage[];
  setMessages: (messages: ChatMessage[]) => void;
  isBusy: boolean;
}) {
  const { chatId, messages, setMessages, isBusy } = input;
  const latest = useRef({ messages, setMessages });
  useEffect(() => {
    latest.current = { messages, setMessages };
  });
  const pendingKey = messages
    .filter((message) => message.metadata?.pending)
    .map((message) => `${message.id}:${message.metadata?.pending}`)
    .join(",");

  useEffect(() => {
    if (!pendingKey || isBusy) return;
    const startedAt = Date.now();
    let isCancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      try {
        const response = await fetch(`/api/chat/${chatId}`, { cache: "no-store" });
        if (response.ok && !isCancelled) {
          const { messages: fresh } = (await response.json()) as { messages: ChatMessage[] };
          const byId = new Map(fresh.map((message) => [message.id, message]));
          const current = latest.current.messages;
          const updated = current.map((message) => {
            const stored = message.metadata?.pending ? byId.get(message.id) : undefined;
            return stored && stored.metadata?.pending !== message.metadata?.pending ? stored : message;
          });
          if (!isCancelled && updated.some((message, index) => message !== current[index])) latest.current.setMessages(updated);
        }
      } catch {
        // Offline for a moment: the next look may succeed.
      }
      if (!isCancelled && Date.now() - startedAt < RECHECK_FOR_MS) timer = setTimeout(look, RECHECK_DELAY_MS);
    };
    timer = setTimeout(look, RECHECK_DELAY_MS);
    return () => {
      isCancelled = true;
      clearTimeout(timer);
    };
  }, [chatId, pendingKey, isBusy]);
}
