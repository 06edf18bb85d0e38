"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Menu } from "@/components/ui/menu";
import { MAX_TITLE_CHARS } from "@/lib/chat/limits";
import type { ChatSummary } from "./history-groups";
import { DotsIcon, PencilIcon, TrashIcon } from "./icons";

export type ChatHistoryItemProps = {
  chat: ChatSummary;
  isCurrent: boolean;
  /** The link was followed (the drawer closes). */
  onOpen: () => void;
  /** Resolves to an error message, or null when saved. */
  onRename: (title: string) => Promise<string | null>;
  onDelete: () => void;
};

/** One chat in the history: a link, and a "⋯" menu to rename it in place or delete it. */
export function ChatHistoryItem({ chat, isCurrent, onOpen, onRename, onDelete }: ChatHistoryItemProps) {
  const [isEditing, setIsEditing] = useState(false);
  const [failedRename, setFailedRename] = useState<{ title: string; message: string } | null>(null);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const shouldFocusLink = useRef(false);

  useEffect(() => {
    if (!isEditing && shouldFocusLink.current) {
      shouldFocusLink.current = false;
      linkRef.current?.focus();
    }
  }, [isEditing]);

  const finishEditing = (title: string | null, { refocus }: { refocus: boolean }) => {
    shouldFocusLink.current = refocus;
    setIsEditing(false);
    const trimmed = title?.trim();
    if (trimmed && trimmed !== chat.title) void save(trimmed);
  };

  const save = async (title: string) => {
    setFailedRename(null);
    const message = await onRename(title);
    if (message) setFailedRename({ title, message });
  };

  return (
    <li className="group/item relative">
      {isEditing ? (
        <RenameInput initialTitle={chat.title} onDone={finishEditing} />
      ) : (
        <Link
          ref={linkRef}
          href={`/chat/${chat.id}`}
          aria-current={isCurrent ? "page" : undefined}
          onClick={onOpen}
          title={chat.title}
          className="flex h-9 items-center rounded-lg pr-9 pl-2.5 text-sm text-zinc-700 group-hover/item:bg-zinc-200/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium aria-[current=page]:text-zinc-950 dark:text-zinc-300 dark:group-hover/item:bg-zinc-800/70 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white"
        >
          <span className="truncate">{chat.title}</span>
        </Link>
      )}
      {isEditing ? null : (
        <div className="absolute top-1/2 right-1 -translate-y-1/2">
          <Menu
            label={`Options for ${chat.title}`}
            items={[
              { label: "Rename", icon: <PencilIcon className="size-4" />, onSelect: () => setIsEditing(true) },
              { label: "Delete", icon: <TrashIcon className="size-4" />, isDanger: true, onSelect: onDelete },
            ]}
            triggerClassName={`flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-300/60 hover:text-zinc-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-500 aria-expanded:opacity-100 group-hover/item:opacity-100 pointer-coarse:opacity-100 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${isCurrent ? "" : "opacity-0"}`}
          >
            <DotsIcon />
          </Menu>
        </div>
      )}
      {failedRename ? (
        <div role="alert" className="mx-1 mt-1 mb-2 flex items-center justify-between gap-2 rounded-lg bg-red-50 px-2.5 py-1.5 text-xs text-red-800 dark:bg-red-950/60 dark:text-red-200">
          <span>{failedRename.message}</span>
          <button
            type="button"
            onClick={() => void save(failedRename.title)}
            className="shrink-0 rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-500"
          >
            Retry
          </button>
        </div>
      ) : null}
    </li>
  );
}

type RenameInputProps = {
  initialTitle: string;
  /** null when cancelled; refocus when finished from the keyboard (a click elsewhere keeps its own focus). */
  onDone: (title: string | null, options: { refocus: boolean }) => void;
};

/** Enter saves, Escape cancels, leaving the field saves (as in ChatGPT). */
function RenameInput({ initialTitle, onDone }: RenameInputProps) {
  const [value, setValue] = useState(initialTitle);
  const isDone = useRef(false);
  const finish = (title: string | null, refocus: boolean) => {
    if (isDone.current) return;
    isDone.current = true;
    onDone(title, { refocus });
  };

  return (
    <input
      aria-label="Chat title"
      value={value}
      maxLength={MAX_TITLE_CHARS}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          finish(value, true);
        } else if (event.key === "Escape") {
          // Escape here only cancels the rename: not the drawer, not the answer being generated.
          event.preventDefault();
          event.stopPropagation();
          finish(null, true);
        }
      }}
      onBlur={() => finish(value, false)}
      className="h-9 w-full rounded-lg border border-blue-500 bg-white px-2.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-blue-500/30 dark:bg-zinc-950"
    />
  );
}
