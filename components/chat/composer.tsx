"use client";

import { type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { onAppEvent } from "@/components/app-events";
import { AttachmentChips } from "./attachment-chips";
import { ArrowIcon, PaperclipIcon, StopIcon } from "./icons";
import type { ChatMessage } from "@/lib/chat/types";
import { PICKER_ACCEPT } from "@/lib/documents/kinds";
import type { Attachments } from "./use-attachments";
import { isComposing, useAutoGrow } from "./use-auto-grow";

export type ComposerProps = {
  isBusy: boolean;
  onSend: (text: string, files: Extract<ChatMessage["parts"][number], { type: "file" }>[]) => void;
  attachments: Attachments;
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
export function Composer({ isBusy, onSend, onStop, tools, attachments }: ComposerProps) {
  const [text, setText] = useState("");
  const [isDragging, setDragging] = useState(false);
  const textareaRef = useAutoGrow(text);
  const fileInputRef = useRef<HTMLInputElement>(null);
  // A file alone may be sent; a failed upload must be removed first, so nothing is silently left out.
  const hasFailed = attachments.items.some((item) => item.state === "failed");
  const canSend = (text.trim().length > 0 || attachments.ready.length > 0) && !isBusy && !attachments.isUploading && !hasFailed;

  useEffect(() => onAppEvent("focus-composer", () => textareaRef.current?.focus()), [textareaRef]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text, attachments.ready);
    setText("");
    attachments.clear();
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !isComposing(event)) {
      event.preventDefault();
      submit();
    }
  };

  // Pasted files (a screenshot, a PDF copied in the file manager) are attached; pasted text stays text.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
  };

  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    setDragging(false);
    attachments.add(event.dataTransfer.files);
  };

  return (
    <form
      onSubmit={submit}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`flex flex-col rounded-[1.75rem] border bg-white p-2 shadow-[0_2px_12px_rgba(0,0,0,0.06)] focus-within:border-zinc-300 dark:bg-zinc-900 dark:shadow-none dark:focus-within:border-zinc-600 ${isDragging ? "border-blue-400 ring-2 ring-blue-200 dark:border-blue-500 dark:ring-blue-900" : "border-zinc-200 dark:border-zinc-700/70"}`}
    >
      <AttachmentChips attachments={attachments} />
      <textarea
        ref={textareaRef}
        aria-label="Message"
        placeholder="Message chatbot"
        rows={1}
        autoFocus
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        className="field-sizing-content max-h-[min(15rem,35dvh)] min-h-11 w-full resize-none bg-transparent px-3 py-2.5 leading-6 outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
      />
      <div className="flex items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-1">
          <input
            ref={fileInputRef}
            type="file"
            accept={PICKER_ACCEPT}
            multiple
            hidden
            data-testid="attach-input"
            onChange={(event) => {
              if (event.target.files) attachments.add(event.target.files);
              event.target.value = "";
            }}
          />
          <button
            type="button"
            onClick={() => fileInputRef.current?.click()}
            disabled={attachments.isFull}
            aria-label="Attach files"
            title={attachments.isFull ? `At most ${attachments.maxFiles} files per message` : "Attach images, PDFs, documents or code (or paste, or drop them here)"}
            className="grid size-9 shrink-0 place-items-center rounded-full text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <PaperclipIcon className="size-[18px]" />
          </button>
          <div className="min-w-0">{tools}</div>
        </div>
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
