"use client";

import { useEffect, useId, useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { StrokeIcon } from "@/components/ui/stroke-icon";
import type { Visibility } from "@/lib/db/schema";

const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500";
const primaryButton = `inline-flex h-10 items-center justify-center gap-2 rounded-full bg-zinc-900 px-5 text-sm font-medium text-white hover:bg-zinc-700 aria-disabled:cursor-wait aria-disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300 ${focusRing}`;
const secondaryButton = `inline-flex h-9 shrink-0 items-center justify-center rounded-full border border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-100 aria-disabled:cursor-wait aria-disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800 ${focusRing}`;

export type ShareDialogBodyProps = {
  chatId: string;
  title: string;
  visibility: Visibility;
  pending: Visibility | null;
  failed: { target: Visibility; message: string } | null;
  onChange: (target: Visibility) => void;
  onClose: () => void;
};

export function ShareDialogBody({ chatId, title, visibility, pending, failed, onChange, onClose }: ShareDialogBodyProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const primaryRef = useRef<HTMLElement | null>(null);
  const headingId = useId();
  const descriptionId = useId();
  const linkId = useId();
  const isPublic = visibility === "public";
  const link = `${window.location.origin}/share/${chatId}`;

  // Opening, and switching between the two states (which replaces the main control), puts the focus on the main control.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    primaryRef.current?.focus();
  }, [isPublic]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={headingId}
      aria-describedby={descriptionId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) dialogRef.current?.close();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="p-5 sm:p-6">
        <div className="flex items-start justify-between gap-4">
          <div className="min-w-0">
            <h2 id={headingId} className="text-lg font-semibold tracking-tight">
              Share chat
            </h2>
            {title ? <p className="mt-0.5 truncate text-sm text-zinc-500 dark:text-zinc-400">{title}</p> : null}
          </div>
          <button
            type="button"
            onClick={() => dialogRef.current?.close()}
            aria-label="Close"
            className={`-mt-1 -mr-2 inline-flex size-9 shrink-0 items-center justify-center rounded-full text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${focusRing}`}
          >
            <StrokeIcon strokeWidth={1.5} className="size-4">
              <path d="M4 4l8 8M12 4l-8 8" />
            </StrokeIcon>
          </button>
        </div>

        <div className="mt-5 flex items-start gap-3 rounded-xl bg-zinc-50 p-3.5 dark:bg-zinc-800/60">
          <span
            className={`mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-full ${isPublic ? "bg-emerald-100 text-emerald-700 dark:bg-emerald-900/50 dark:text-emerald-300" : "bg-zinc-200 text-zinc-600 dark:bg-zinc-700 dark:text-zinc-300"}`}
          >
            {isPublic ? <GlobeIcon /> : <LockIcon />}
          </span>
          <div id={descriptionId} className="min-w-0 text-sm">
            <p className="font-medium">{isPublic ? "Anyone with the link can read this chat" : "Only you can see this chat"}</p>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">
              {isPublic
                ? "The link shows the chat as it is when opened, including messages you send later. Readers can't reply or change anything, and don't see your account."
                : "Create a link to let anyone who has it read this chat, read-only. It shows the chat as it is when opened, including later messages."}
            </p>
          </div>
        </div>

        {isPublic ? (
          <div className="mt-5">
            <label htmlFor={linkId} className="text-sm font-medium">
              Share link
            </label>
            <div className="mt-1.5 flex items-center gap-1 rounded-xl border border-zinc-300 bg-white p-1 pl-3 focus-within:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-950">
              <input
                ref={(node) => {
                  primaryRef.current = node;
                }}
                id={linkId}
                readOnly
                value={link}
                onFocus={(event) => event.currentTarget.select()}
                className="min-w-0 flex-1 bg-transparent py-1.5 font-mono text-[13px] text-zinc-700 outline-none dark:text-zinc-300"
              />
              <CopyButton
                text={link}
                label="Copy link"
                showLabel
                className={`inline-flex h-8 shrink-0 items-center gap-1.5 rounded-lg bg-zinc-900 px-3 text-xs font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300 ${focusRing}`}
              />
            </div>
            <div className="mt-5 flex items-center justify-between gap-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Making the chat private turns the link off at once.</p>
              <button
                type="button"
                aria-disabled={pending !== null}
                onClick={() => pending === null && onChange("private")}
                className={secondaryButton}
              >
                {pending === "private" ? "Making private…" : "Make private"}
              </button>
            </div>
          </div>
        ) : (
          <div className="mt-5 flex justify-end">
            <button
              ref={(node) => {
                primaryRef.current = node;
              }}
              type="button"
              aria-disabled={pending !== null}
              onClick={() => pending === null && onChange("public")}
              className={primaryButton}
            >
              <LinkIcon />
              {pending === "public" ? "Creating link…" : "Create link"}
            </button>
          </div>
        )}

        {failed ? (
          <div
            role="alert"
            className="mt-4 flex items-center justify-between gap-3 rounded-xl border border-red-300 bg-red-50 px-3.5 py-2.5 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            <p>
              {failed.target === "public" ? "The link could not be created. " : "The chat could not be made private. "}
              {failed.message}
            </p>
            <button
              type="button"
              aria-disabled={pending !== null}
              onClick={() => pending === null && onChange(failed.target)}
              className={`shrink-0 font-medium underline underline-offset-2 ${focusRing}`}
            >
              Retry
            </button>
          </div>
        ) : null}
      </div>
    </dialog>
  );
}

function LinkIcon() {
  return (
    <StrokeIcon strokeWidth={1.5} className="size-4">
      <path d="M6.5 9.5a2.5 2.5 0 0 0 3.5 0l2.5-2.5a2.5 2.5 0 0 0-3.5-3.5l-.75.75M9.5 6.5a2.5 2.5 0 0 0-3.5 0L3.5 9a2.5 2.5 0 0 0 3.5 3.5l.75-.75" />
    </StrokeIcon>
  );
}

function GlobeIcon() {
  return (
    <StrokeIcon strokeWidth={1.3}>
      <circle cx="8" cy="8" r="5.75" />
      <path d="M2.5 8h11M8 2.25c1.6 1.6 2.4 3.5 2.4 5.75S9.6 12.15 8 13.75C6.4 12.15 5.6 10.25 5.6 8S6.4 3.85 8 2.25z" />
    </StrokeIcon>
  );
}

function LockIcon() {
  return (
    <StrokeIcon strokeWidth={1.3}>
      <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </StrokeIcon>
  );
}
