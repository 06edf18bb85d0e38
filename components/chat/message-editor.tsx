"use client";

import { type FormEvent, type KeyboardEvent, useState } from "react";
import { isComposing, useAutoGrow } from "./use-auto-grow";

export type MessageEditorProps = {
  initialText: string;
  onCancel: () => void;
  onSubmit: (text: string) => void;
};

/** Edits a sent message in place; sending it starts a new branch from there, the old one stays as a version. */
export function MessageEditor({ initialText, onCancel, onSubmit }: MessageEditorProps) {
  const [text, setText] = useState(initialText);
  const textareaRef = useAutoGrow(text);
  const canSend = text.trim().length > 0;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (canSend) onSubmit(text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !isComposing(event)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      onSubmit={submit}
      className="ml-auto w-full max-w-[min(100%,40rem)] rounded-3xl bg-zinc-100 p-3 dark:bg-zinc-800"
      aria-label="Edit your message"
    >
      <textarea
        ref={textareaRef}
        aria-label="Edited message"
        value={text}
        autoFocus
        onFocus={(event) => event.currentTarget.setSelectionRange(text.length, text.length)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        className="field-sizing-content max-h-80 min-h-12 w-full resize-none bg-transparent px-1 py-1 leading-6 outline-none"
      />
      <div className="mt-2 flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="h-9 rounded-full border border-zinc-300 bg-white px-4 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-950"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!canSend}
          className="h-9 rounded-full bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Send
        </button>
      </div>
    </form>
  );
}
