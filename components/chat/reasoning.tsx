"use client";

import { useState } from "react";
import { Markdown } from "./markdown";

export type ReasoningProps = {
  text: string;
  /** The model is still thinking: the part stays open until the answer starts, then folds away. */
  isThinking: boolean;
};

/** The model's reasoning above its answer: open while it thinks, collapsed once the answer starts; the user can toggle it. */
export function Reasoning({ text, isThinking }: ReasoningProps) {
  const [isOpen, setIsOpen] = useState(isThinking);
  const [wasThinking, setWasThinking] = useState(isThinking);
  if (wasThinking !== isThinking) {
    setWasThinking(isThinking);
    setIsOpen(isThinking);
  }

  return (
    <details
      open={isOpen}
      onToggle={(event) => setIsOpen(event.currentTarget.open)}
      className="group mb-3 rounded-2xl border border-zinc-200 px-3 py-2 dark:border-zinc-800"
    >
      <summary className="flex cursor-pointer list-none items-center gap-1.5 text-sm text-zinc-600 select-none dark:text-zinc-400 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0 transition-transform group-open:rotate-90">
          <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className={isThinking ? "animate-pulse" : undefined}>Thinking</span>
      </summary>
      <div className="mt-2 border-l-2 border-zinc-200 pl-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        <Markdown text={text} />
      </div>
    </details>
  );
}
