"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { appendChats, applyChatSaved, readApiError } from "./chat-list-updates";
import type { ChatSummary } from "./history-groups";
import { HISTORY_PAGE_SIZE } from "./sidebar-settings";

export type ChatListPage = { chats: ChatSummary[]; nextCursor: string | null };

export type ChatList = {
  chats: ChatSummary[];
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMoreError: string | null;
  loadMore: () => Promise<void>;
  /** Renames at once and undoes it when the server refuses; resolves to the error message, or null. */
  renameChat: (id: string, title: string, previousTitle: string) => Promise<string | null>;
  /** Resolves to the error message, or null once the chat is gone. */
  deleteChat: (id: string) => Promise<string | null>;
  addChat: (chat: ChatSummary) => void;
};

/** The signed-in user's chats, newest first: the server's first page, further pages on demand, and app events. */
export function useChatList(initial: ChatListPage): ChatList {
  const [chats, setChats] = useState(initial.chats);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const isLoadingRef = useRef(false);
  const nextCursorRef = useRef(nextCursor);
  useEffect(() => {
    nextCursorRef.current = nextCursor;
  }, [nextCursor]);

  useEffect(() => {
    const stopSaved = onAppEvent("chat-saved", (saved) =>
      setChats((list) => applyChatSaved(list, saved, { now: new Date(), isComplete: nextCursorRef.current === null })),
    );
    const stopDeleted = onAppEvent("chat-deleted", ({ id }) => setChats((list) => list.filter((chat) => chat.id !== id)));
    return () => {
      stopSaved();
      stopDeleted();
    };
  }, []);

  const loadMore = useCallback(async () => {
    const cursor = nextCursorRef.current;
    if (!cursor || isLoadingRef.current) return;
    isLoadingRef.current = true;
    setIsLoadingMore(true);
    setLoadMoreError(null);
    try {
      const response = await fetch(`/api/chats?limit=${HISTORY_PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      if (!response.ok) throw new Error(await readApiError(response, "Couldn't load more chats."));
      const page = (await response.json()) as ChatListPage;
      setChats((list) => appendChats(list, page.chats));
      nextCursorRef.current = page.nextCursor;
      setNextCursor(page.nextCursor);
    } catch (error) {
      setLoadMoreError(error instanceof TypeError ? "Couldn't load more chats: you seem to be offline." : String((error as Error).message));
    } finally {
      isLoadingRef.current = false;
      setIsLoadingMore(false);
    }
  }, []);

  const renameChat = useCallback(async (id: string, title: string, previousTitle: string) => {
    const setTitle = (value: string) => setChats((list) => list.map((chat) => (chat.id === id ? { ...chat, title: value } : chat)));
    const undo = () => setTitle(previousTitle);
    setTitle(title);
    try {
      const response = await fetch(`/api/chat/${id}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title }),
      });
      if (!response.ok) {
        undo();
        return await readApiError(response, "Couldn't rename the chat.");
      }
      emitAppEvent("chat-saved", { id, title });
      return null;
    } catch {
      undo();
      return "Couldn't rename the chat: you seem to be offline.";
    }
  }, []);

  const deleteChat = useCallback(async (id: string) => {
    try {
      const response = await fetch(`/api/chat/${id}`, { method: "DELETE" });
      // Already gone (deleted in another tab) is what was asked for.
      if (!response.ok && response.status !== 404) return await readApiError(response, "Couldn't delete the chat.");
    } catch {
      return "Couldn't delete the chat: you seem to be offline.";
    }
    setChats((list) => list.filter((chat) => chat.id !== id));
    emitAppEvent("chat-deleted", { id });
    return null;
  }, []);

  const addChat = useCallback((chat: ChatSummary) => setChats((list) => [chat, ...list.filter((c) => c.id !== chat.id)]), []);

  return {
    chats,
    hasMore: nextCursor !== null,
    isLoadingMore,
    loadMoreError,
    loadMore,
    renameChat,
    deleteChat,
    addChat,
  };
}
