"use client";

import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { onAppEvent } from "@/components/app-events";
import { ArrowIcon, StopIcon } from "./icons";
import { isComposing, useAutoGrow } from "./use-auto-grow";

export type ComposerProps = {
  isBusy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Controls shown under the text, left of Send (the model picker). */
  tools?: ReactNode;
};

const roundButtonClass =
  "grid size-9 shrink-0 place-items-center rounded-full bg-zinc-900 text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300 dark:disabled:bg-zinc-700 dark:disabled:text-zinc-400";

/**
 * Enter sends, Shift+Enter adds a line (not while an input method composes a word); the field grows with its text
 * up to a limit, then scrolls. While an answer streams, Stop replaces Send.
 */
export function Composer({ isBusy, onSend, onStop, tools }: ComposerProps) {
  const [text, setText] = useState("");
  const textareaRef = useAutoGrow(text);
  const canSend = text.trim().length > 0 && !isBusy;

  useEffect(() => onAppEvent("focus-composer", () => textareaRef.current?.focus()), [textareaRef]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText("");
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !isComposing(event)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col rounded-[1.75rem] border border-zinc-200 bg-white p-2 shadow-[0_2px_12px_rgba(0,0,0,0.06)] focus-within:border-zinc-300 dark:border-zinc-700/70 dark:bg-zinc-900 dark:shadow-none dark:focus-within:border-zinc-600"
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
        className="field-sizing-content max-h-[min(15rem,35dvh)] min-h-11 w-full resize-none bg-transparent px-3 py-2.5 leading-6 outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
      />
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">{tools}</div>
        {isBusy ? (
          <button type="button" onClick={onStop} aria-label="Stop" title="Stop" className={roundButtonClass}>
            <StopIcon />
          </button>
        ) : (
          <button type="submit" disabled={!canSend} aria-label="Send" title="Send" className={roundButtonClass}>
            <ArrowIcon direction="up" className="size-[18px]" />
          </button>
        )}
      </div>
    </form>
  );
}
