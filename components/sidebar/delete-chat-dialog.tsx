"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { ChatSummary } from "./history-groups";

export type DeleteChatDialogProps = {
  /** The chat to delete; null when the dialog is closed. */
  chat: ChatSummary | null;
  onCancel: () => void;
  /** Resolves to an error message, or null once deleted (the owner then closes the dialog). */
  onConfirm: (chat: ChatSummary) => Promise<string | null>;
};

/** Asks before deleting, names the chat, and keeps the dialog open with a Retry when the delete fails. */
export function DeleteChatDialog({ chat, onCancel, onConfirm }: DeleteChatDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);
  const [shownChatId, setShownChatId] = useState<string | null>(null);
  // A different chat starts without the last one's error.
  if ((chat?.id ?? null) !== shownChatId) {
    setShownChatId(chat?.id ?? null);
    setError(null);
  }

  const confirm = async () => {
    if (!chat) return;
    setIsDeleting(true);
    setError(null);
    const message = await onConfirm(chat);
    setIsDeleting(false);
    setError(message);
  };

  return (
    <Dialog isOpen={chat !== null} onClose={onCancel} title="Delete chat?">
      <div className="px-5 pt-2 text-sm text-zinc-600 dark:text-zinc-400">
        <p>
          This will delete <strong className="font-semibold break-words text-zinc-900 dark:text-zinc-100">{chat?.title}</strong>{" "}
          and all its messages. Its share link stops working.
        </p>
        {error ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950/60 dark:text-red-200">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex justify-end gap-2 px-5 pt-5 pb-5">
        <button
          type="button"
          autoFocus
          onClick={onCancel}
          className="h-9 rounded-full border border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={confirm}
          disabled={isDeleting}
          className="h-9 rounded-full bg-red-600 px-4 text-sm font-medium text-white hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:opacity-60"
        >
          {isDeleting ? "Deleting…" : error ? "Retry" : "Delete"}
        </button>
      </div>
    </Dialog>
  );
}
