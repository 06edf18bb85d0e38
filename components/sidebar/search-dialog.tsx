"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { readApiError } from "./chat-list-updates";
import type { ChatSummary } from "./history-groups";
import { SearchIcon } from "./icons";

export type SearchDialogProps = {
  isOpen: boolean;
  onClose: () => void;
  /** Shown before anything is typed. */
  recentChats: ChatSummary[];
  /** A result was opened (the drawer closes). */
  onOpenChat: () => void;
};

type SearchResult = ChatSummary & { snippet?: string | null };
type SearchState =
  | { status: "idle" }
  | { status: "loading"; query: string; results: SearchResult[] }
  | { status: "done"; query: string; results: SearchResult[] }
  | { status: "error"; query: string; message: string };

const DEBOUNCE_MS = 250;
const RECENT_COUNT = 8;

/** Search chats by title and message text (Ctrl/⌘+K). Arrow keys move through the results; Enter opens one. */
export function SearchDialog({ isOpen, onClose, recentChats, onOpenChat }: SearchDialogProps) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Search chats" isTitleHidden className="max-w-xl self-start mt-[10vh]">
      <SearchPanel
        recentChats={recentChats}
        onDismiss={onClose}
        onOpenChat={() => {
          onClose();
          onOpenChat();
        }}
      />
    </Dialog>
  );
}

type SearchPanelProps = { recentChats: ChatSummary[]; onOpenChat: () => void; onDismiss: () => void };

function SearchPanel({ recentChats, onOpenChat, onDismiss }: SearchPanelProps) {
  const [query, setQuery] = useState("");
  const [state, setState] = useState<SearchState>({ status: "idle" });
  const [attempt, setAttempt] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const router = useRouter();
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState((previous) => ({ status: "loading", query: trimmed, results: "results" in previous ? previous.results : [] }));
      try {
        const response = await fetch(`/api/chats?q=${encodeURIComponent(trimmed)}`, { signal: controller.signal });
        if (!response.ok) throw new Error(await readApiError(response, "Search failed."));
        const { chats } = (await response.json()) as { chats: SearchResult[] };
        setState({ status: "done", query: trimmed, results: chats });
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = error instanceof TypeError ? "Search failed: you seem to be offline." : (error as Error).message;
        setState({ status: "error", query: trimmed, message });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [trimmed, attempt]);

  // While the next query runs, the last results stay (no flicker between keystrokes).
  const shown: SearchResult[] = !trimmed ? recentChats.slice(0, RECENT_COUNT) : "results" in state ? state.results : [];
  const isCurrent = "query" in state && state.query === trimmed;
  const links = () => [...(listRef.current?.querySelectorAll<HTMLAnchorElement>("a") ?? [])];

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape") {
      // A search field's own Escape only clears it; here Escape closes the dialog, as everywhere else.
      event.preventDefault();
      event.stopPropagation();
      onDismiss();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      links()[0]?.focus();
    } else if (event.key === "Enter" && shown[0]) {
      event.preventDefault();
      router.push(`/chat/${shown[0].id}`);
      onOpenChat();
    }
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const all = links();
    const index = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next = event.key === "ArrowDown" ? Math.min(index + 1, all.length - 1) : index - 1;
    if (next < 0) event.currentTarget.closest("dialog")?.querySelector("input")?.focus();
    else all[next]?.focus();
  };

  return (
    <>
      <div className="flex items-center gap-3 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <SearchIcon className="size-5 shrink-0 text-zinc-400" />
        <input
          type="search"
          aria-label="Search chats"
          placeholder="Search chats…"
          value={query}
          autoFocus
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onInputKeyDown}
          className="h-14 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-zinc-400 [&::-webkit-search-cancel-button]:hidden"
        />
        {state.status === "loading" && trimmed ? (
          <span role="status" aria-label="Searching" className="size-4 shrink-0 animate-spin rounded-full border-2 border-zinc-300 border-t-zinc-600" />
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {!trimmed && shown.length > 0 ? <p className="px-3 pt-2 pb-1 text-xs font-medium text-zinc-500">Recent chats</p> : null}
        {shown.length > 0 ? (
          <ul ref={listRef} aria-label={trimmed ? "Search results" : "Recent chats"} onKeyDown={onListKeyDown} className="flex flex-col">
            {shown.map((chat) => (
              <li key={chat.id}>
                <Link
                  href={`/chat/${chat.id}`}
                  prefetch={false}
                  onClick={onOpenChat}
                  className="flex flex-col gap-0.5 rounded-xl px-3 py-2.5 outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
                >
                  <span className="truncate text-sm font-medium">{chat.title}</span>
                  {chat.snippet ? (
                    <span className="line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400">
                      <Highlighted text={chat.snippet} query={trimmed} />
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {trimmed && isCurrent && state.status === "done" && state.results.length === 0 ? (
          <p className="px-3 py-8 text-center text-sm text-zinc-500">No chats found</p>
        ) : null}
        {!trimmed && shown.length === 0 ? <p className="px-3 py-8 text-center text-sm text-zinc-500">No chats yet</p> : null}
        {trimmed && isCurrent && state.status === "error" ? (
          <div role="alert" className="m-2 flex items-center justify-between gap-3 rounded-xl bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/60 dark:text-red-200">
            <span>{state.message}</span>
            <button
              type="button"
              onClick={() => setAttempt((n) => n + 1)}
              className="shrink-0 rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-500"
            >
              Retry
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}

/** The snippet with each occurrence of the query marked. */
function Highlighted({ text, query }: { text: string; query: string }) {
  if (!query) return text;
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const pieces = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    pieces.push(text.slice(from, at), <mark key={at} className="rounded-sm bg-amber-100 px-0.5 text-zinc-900 dark:bg-amber-300/20 dark:text-amber-50">{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  pieces.push(text.slice(from));
  return pieces;
}
