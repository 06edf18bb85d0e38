"use client";

import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState } from "react";
import { ChatHistoryItem } from "./chat-history-item";
import { type ChatSummary, groupChatsByDay } from "./history-groups";
import type { ChatList } from "./use-chat-list";

export type ChatHistoryProps = {
  list: ChatList;
  currentChatId: string | null;
  /** A chat link was followed. */
  onOpenChat: () => void;
  /** The open chat was deleted: go to a new chat. */
  onCurrentDeleted: () => void;
  now: Date;
  timeZone: string;
};

const SCROLL_AHEAD_PX = 240;

const DeleteChatDialog = lazy(() => import("./delete-chat-dialog").then((m) => ({ default: m.DeleteChatDialog })));

/** The history grouped by day (Today, Yesterday, …), loading older chats as the list scrolls near its end. */
export function ChatHistory({ list, currentChatId, onOpenChat, onCurrentDeleted, now, timeZone }: ChatHistoryProps) {
  const [pendingDelete, setPendingDelete] = useState<ChatSummary | null>(null);
  // The dialog stays mounted once used, so closing it can hand focus back to the menu button.
  const [hasAskedToDelete, setHasAskedToDelete] = useState(false);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const groups = useMemo(() => groupChatsByDay(list.chats, now, timeZone), [list.chats, now, timeZone]);
  const { hasMore, loadMoreError, loadMore } = list;

  // Observed again after each page: if the end is still in view (a tall screen), the next page loads too.
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasMore || loadMoreError) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && void loadMore(), {
      root: sentinel.closest("[data-scroll-root]"),
      rootMargin: `0px 0px ${SCROLL_AHEAD_PX}px 0px`,
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasMore, loadMoreError, loadMore, list.chats.length]);

  const confirmDelete = async (chat: ChatSummary) => {
    const error = await list.deleteChat(chat.id);
    if (error) return error;
    setPendingDelete(null);
    if (chat.id === currentChatId) onCurrentDeleted();
    return null;
  };

  return (
    <>
      {groups.length === 0 && !hasMore ? (
        <p className="px-2.5 py-3 text-sm text-zinc-500 dark:text-zinc-400">Your chats will appear here.</p>
      ) : null}
      {groups.map((group, index) => (
        <section key={group.label} aria-labelledby={`${headingId}-${index}`} className="mb-4">
          <h2
            id={`${headingId}-${index}`}
            className="sticky top-0 z-10 bg-zinc-50 px-2.5 pt-2 pb-1.5 text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400"
          >
            {group.label}
          </h2>
          <ul className="flex flex-col gap-px">
            {group.chats.map((chat) => (
              <ChatHistoryItem
                key={chat.id}
                chat={chat}
                isCurrent={chat.id === currentChatId}
                onOpen={onOpenChat}
                onRename={(title) => list.renameChat(chat.id, title, chat.title)}
                onDelete={() => {
                  setHasAskedToDelete(true);
                  setPendingDelete(chat);
                }}
              />
            ))}
          </ul>
        </section>
      ))}
      {list.isLoadingMore ? <HistorySkeleton /> : null}
      {loadMoreError ? (
        <div role="alert" className="mx-1 mb-3 flex items-center justify-between gap-2 rounded-lg bg-red-50 px-2.5 py-2 text-xs text-red-800 dark:bg-red-950/60 dark:text-red-200">
          <span>{loadMoreError}</span>
          <button
            type="button"
            onClick={() => void loadMore()}
            className="shrink-0 rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-500"
          >
            Retry
          </button>
        </div>
      ) : null}
      <div ref={sentinelRef} aria-hidden="true" className="h-px" />
      {hasAskedToDelete ? (
        <Suspense fallback={null}>
          <DeleteChatDialog chat={pendingDelete} onCancel={() => setPendingDelete(null)} onConfirm={confirmDelete} />
        </Suspense>
      ) : null}
    </>
  );
}

const SKELETON_WIDTHS = ["w-4/5", "w-3/5", "w-2/3"];

/** Rows that pulse where the next chats will appear. */
export function HistorySkeleton() {
  return (
    <div role="status" aria-label="Loading more chats" className="mb-4 flex flex-col gap-1 px-1">
      {SKELETON_WIDTHS.map((width) => (
        <div key={width} className="flex h-9 items-center px-1.5">
          <div className={`h-3 animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800 ${width}`} />
        </div>
      ))}
    </div>
  );
}
