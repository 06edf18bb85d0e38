"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import type { ChatFailure } from "./chat-failure";

/**
 * An answer whose stream broke off with the connection (offline, a proxy restarting) goes on being written on the
 * server: once the browser is back online, or the tab is shown again, the page follows it again from its start
 * instead of leaving it cut off. Marked pending first, so that if it has ended meanwhile (nothing left to follow)
 * the stored answer replaces it (usePendingAnswers).
 */
export function useResumeAfterDisconnect(input: {
  error: ChatFailure | undefined;
  messages: ChatMessage[];
  setMessages: (messages: ChatMessage[]) => void;
  clearError: () => void;
  resumeStream: () => Promise<void>;
}) {
  const latest = useRef(input);
  useEffect(() => {
    latest.current = input;
  });
  const last = input.messages.at(-1);
  const isCutOff =
    input.error?.kind === "network" &&
    last?.role === "assistant" &&
    !last.metadata?.status &&
    !last.metadata?.pending;

  useEffect(() => {
    if (!isCutOff) return;
    const followAgain = () => {
      if (!navigator.onLine || document.visibilityState !== "visible") return;
      const { messages, setMessages, clearError, resumeStream } = latest.current;
      const answer = messages.at(-1);
      if (!answer) return;
      setMessages([...messages.slice(0, -1), { ...answer, metadata: { ...answer.metadata, pending: "writing" } }]);
      clearError();
      void resumeStream();
    };
    window.addEventListener("online", followAgain);
    document.addEventListener("visibilitychange", followAgain);
    return () => {
      window.removeEventListener("online", followAgain);
      document.removeEventListener("visibilitychange", followAgain);
    };
  }, [isCutOff]);
}
