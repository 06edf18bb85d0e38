"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { titleFromText } from "@/lib/chat/title";

/** Waits before each look for the generated title when the stream did not bring it: it may land just after. */
const TITLE_POLL_DELAYS_MS = [400, 1_000, 2_000, 4_000];

export type ChatTitleInput = {
  chatId: string;
  initialTitle: string | undefined;
  initialVisibility: "private" | "public";
};

function readTitlePart(part: { type: string; data?: unknown }): string | null {
  if (part.type !== "data-title" || typeof part.data !== "object" || part.data === null) return null;
  const title = (part.data as { title?: unknown }).title;
  return typeof title === "string" && title.trim() ? title : null;
}

async function readSavedTitle(chatId: string): Promise<string | null> {
  try {
    const response = await fetch(`/api/chat/${chatId}`, { cache: "no-store" });
    if (!response.ok) return null;
    const body = (await response.json()) as { chat?: { title?: unknown } };
    return typeof body.chat?.title === "string" ? body.chat.title : null;
  } catch {
    // Offline for a moment: the next attempt may succeed.
    return null;
  }
}

/**
 * The chat's title and visibility as the header shows them, kept in step with the sidebar through `chat-saved`:
 * a provisional title from the first message, then the model-written one (a `data-title` stream part, or else a
 * few reads of the chat after the first answer), and renames or sharing done elsewhere.
 */
export function useChatTitle({ chatId, initialTitle, initialVisibility }: ChatTitleInput) {
  const [title, setTitle] = useState(initialTitle);
  const [visibility, setVisibility] = useState(initialVisibility);
  // The title the server saved with the first message; a different one read back is the generated title.
  const provisionalRef = useRef<string | null>(null);
  const hasGeneratedRef = useRef(false);
  const isPollingRef = useRef(false);
  const isMountedRef = useRef(true);

  useEffect(
    () =>
      onAppEvent("chat-saved", (detail) => {
        if (detail.id !== chatId) return;
        if (detail.title) setTitle(detail.title);
        if (detail.visibility) setVisibility(detail.visibility);
      }),
    [chatId],
  );
  useEffect(() => {
    isMountedRef.current = true;
    return () => {
      isMountedRef.current = false;
    };
  }, []);

  const showGenerated = useCallback(
    (generated: string) => {
      hasGeneratedRef.current = true;
      setTitle(generated);
      emitAppEvent("chat-saved", { id: chatId, title: generated });
    },
    [chatId],
  );

  /** The first message names the chat until the generated title arrives. */
  const onFirstSend = useCallback(
    (text: string) => {
      provisionalRef.current = titleFromText(text);
      const firstLine = titleFromText(text.trim().split("\n")[0] ?? "");
      setTitle(firstLine);
      emitAppEvent("chat-saved", { id: chatId, title: firstLine, bumped: true });
    },
    [chatId],
  );

  const onData = useCallback(
    (part: { type: string; data?: unknown }) => {
      const generated = readTitlePart(part);
      if (generated) showGenerated(generated);
    },
    [showGenerated],
  );

  /** After every answer the chat moves to the top of the history; after the first, its title is due. */
  const onAnswerDone = useCallback(() => {
    emitAppEvent("chat-saved", { id: chatId, bumped: true });
    if (provisionalRef.current === null || hasGeneratedRef.current || isPollingRef.current) return;
    isPollingRef.current = true;
    void (async () => {
      for (const delay of TITLE_POLL_DELAYS_MS) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (hasGeneratedRef.current || !isMountedRef.current) return;
        const saved = await readSavedTitle(chatId);
        if (saved !== null && saved !== provisionalRef.current) {
          if (!hasGeneratedRef.current) showGenerated(saved);
          return;
        }
      }
    })();
  }, [chatId, showGenerated]);

  return { title, visibility, onFirstSend, onData, onAnswerDone };
}
