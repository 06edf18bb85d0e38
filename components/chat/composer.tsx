"use client";

import { type FormEvent, type KeyboardEvent, type ReactNode, useRef, useState } from "react";

export type ComposerProps = {
  isBusy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Controls shown under the text, left of Send (the model picker). */
  tools?: ReactNode;
};

/** Enter sends, Shift+Enter adds a line; while an answer streams, Stop replaces Send. */
export function Composer({ isBusy, onSend, onStop, tools }: ComposerProps) {
  const [text, setText] = useState("");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim().length > 0 && !isBusy;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText("");
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-1 rounded-3xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <textarea
        ref={textareaRef}
        aria-label="Message"
        placeholder="Message chatbot"
        rows={1}
        autoFocus
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        className="field-sizing-content max-h-60 min-h-10 w-full resize-none bg-transparent px-3 py-2 outline-none placeholder:text-zinc-500"
      />
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">{tools}</div>
        {isBusy ? (
          <button
            type="button"
            onClick={onStop}
            className="h-10 rounded-full bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={!canSend}
            className="h-10 rounded-full bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:cursor-not-allowed disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Send
          </button>
        )}
      </div>
    </form>
  );
}
