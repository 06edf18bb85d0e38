"use client";

import { useCallback, useEffect, useState } from "react";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { provisionalTitle } from "@/lib/chat/title";
import type { ChatMessage } from "@/lib/chat/types";

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

/**
 * The chat's title and visibility as the header shows them, kept in step with the sidebar through `chat-saved`.
 * A title has one way in: a new chat is named by its first message with the server's own rule (provisionalTitle),
 * then by the generated title, which always arrives in the first answer's stream (`data-title`) before its end;
 * renames and sharing done elsewhere arrive as events.
 */
export function useChatTitle({ chatId, initialTitle, initialVisibility }: ChatTitleInput) {
  const [title, setTitle] = useState(initialTitle);
  const [visibility, setVisibility] = useState(initialVisibility);

  useEffect(
    () =>
      onAppEvent("chat-saved", (detail) => {
        if (detail.id !== chatId) return;
        if (detail.title) setTitle(detail.title);
        if (detail.visibility) setVisibility(detail.visibility);
      }),
    [chatId],
  );

  /** The first message names the chat at once, as the server saves it, until the generated title arrives. */
  const onFirstSend = useCallback(
    (parts: ChatMessage["parts"]) => {
      const named = provisionalTitle(parts);
      setTitle(named);
      emitAppEvent("chat-saved", { id: chatId, title: named, bumped: true });
    },
    [chatId],
  );

  const onData = useCallback(
    (part: { type: string; data?: unknown }) => {
      const generated = readTitlePart(part);
      if (!generated) return;
      setTitle(generated);
      emitAppEvent("chat-saved", { id: chatId, title: generated });
    },
    [chatId],
  );

  /** After every answer the chat moves to the top of the history. */
  const onAnswerDone = useCallback(() => emitAppEvent("chat-saved", { id: chatId, bumped: true }), [chatId]);

  return { title, visibility, onFirstSend, onData, onAnswerDone };
}
