"use client";

import { type ChangeEvent, useState } from "react";
import { readApiError } from "./chat-list-updates";
import type { ChatSummary } from "./history-groups";
import { ImportIcon } from "./icons";

export type ImportChatProps = {
  onImported: (chat: ChatSummary) => void;
  /** The label's look: the same as the sidebar's other actions. */
  className: string;
};

type ImportedChat = { chat: { id: string; title: string } & Partial<ChatSummary> };

/** "Import chat": a JSON export file becomes a new chat. A bad file says what is wrong, in place. */
export function ImportChat({ onImported, className }: ImportChatProps) {
  const [isImporting, setIsImporting] = useState(false);
  const [failure, setFailure] = useState<{ message: string; retryBody: string | null } | null>(null);

  const upload = async (body: string) => {
    setIsImporting(true);
    setFailure(null);
    try {
      const response = await fetch("/api/chats/import", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      if (!response.ok) {
        const message = await readApiError(response, "Couldn't import the chat.");
        // A refused file stays refused; a server or network failure is worth another try.
        setFailure({ message, retryBody: response.status >= 500 ? body : null });
        return;
      }
      const { chat } = (await response.json()) as ImportedChat;
      const now = new Date().toISOString();
      onImported({
        id: chat.id,
        title: chat.title,
        visibility: chat.visibility ?? "private",
        createdAt: chat.createdAt ?? now,
        updatedAt: chat.updatedAt ?? now,
      });
    } catch {
      setFailure({ message: "Couldn't import the chat: you seem to be offline.", retryBody: body });
    } finally {
      setIsImporting(false);
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Choosing the same file again after fixing it must fire change again.
    input.value = "";
    if (!file) return;
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch {
      setFailure({ message: `${file.name} is not a chat export: it is not valid JSON.`, retryBody: null });
      return;
    }
    await upload(text);
  };

  return (
    <div>
      <label className={`${className} cursor-pointer has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-blue-500 ${isImporting ? "opacity-60" : ""}`}>
        <input type="file" accept=".json,application/json" className="sr-only" onChange={onFile} disabled={isImporting} />
        <ImportIcon className="size-[18px]" />
        <span>{isImporting ? "Importing…" : "Import chat"}</span>
      </label>
      {failure ? (
        <div role="alert" className="mx-1 mt-1 mb-1 flex items-start justify-between gap-2 rounded-lg bg-red-50 px-2.5 py-2 text-xs text-red-800 dark:bg-red-950/60 dark:text-red-200">
          <span className="min-w-0 break-words">{failure.message}</span>
          <span className="flex shrink-0 gap-2">
            {failure.retryBody !== null ? (
              <button
                type="button"
                onClick={() => failure.retryBody !== null && void upload(failure.retryBody)}
                className="rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-500"
              >
                Retry
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => setFailure(null)}
              className="rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-500"
            >
              Dismiss
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
