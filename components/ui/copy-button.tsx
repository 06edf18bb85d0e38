"use client";

import { useEffect, useState } from "react";

export type CopyButtonProps = {
  /** The text to copy, read when clicked (a function, so streaming text is copied as it is then). */
  text: string | (() => string);
  /** The accessible name, e.g. "Copy code" or "Copy message". */
  label: string;
  className?: string;
  /** Show the label next to the icon (code block headers); icon only otherwise. */
  showLabel?: boolean;
};

/** Copies text to the clipboard and says so for two seconds, to the eye and to screen readers. */
export function CopyButton({ text, label, className, showLabel = false }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
      setState("copied");
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): say so rather than pretend.
      setState("failed");
    }
  };

  const shown = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <button
      type="button"
      onClick={copy}
      // With a visible label the text is the name (axe: the name must contain what is shown), and it stays the same
      // so the control keeps its name; the check mark and the status below say it worked.
      aria-label={showLabel ? undefined : label}
      title={shown}
      className={
        className ??
        "inline-flex h-8 items-center gap-1.5 rounded-lg px-2 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      }
    >
      {state === "copied" ? (
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4">
          <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
        </svg>
      )}
      {showLabel ? <span>{label}</span> : null}
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Could not copy" : ""}
      </span>
    </button>
  );
}
