"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { emitAppEvent } from "@/components/app-events";
import { ChatActions } from "./chat-actions";
import { NewChatIcon, SidebarIcon } from "./icons";

export type ChatHeaderProps = {
  chatId: string;
  title: string | undefined;
  visibility: "private" | "public";
  isSaved: boolean;
  isDemo: boolean;
};

const iconButtonClass =
  "grid size-9 shrink-0 place-items-center rounded-lg text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/** Sidebar toggle, the live title, the demo badge, New chat on small screens (the sidebar has it on large ones), sharing. */
export function ChatHeader({ chatId, title, visibility, isSaved, isDemo }: ChatHeaderProps) {
  const router = useRouter();
  // The first message moves a new chat to /chat/<id> outside the router, which still holds "/" and would keep this
  // chat on screen for a plain link to "/": fetch a fresh page (a new chat id) instead.
  const startNewChat = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push("/");
    router.refresh();
  };

  return (
    <header className="flex h-14 shrink-0 items-center gap-1 px-2 sm:px-3">
      {/* Phones only: from 768 px the sidebar (or its collapsed rail) has its own Open/Close button. */}
      <button
        type="button"
        aria-label="Toggle sidebar"
        title="Toggle sidebar"
        onClick={() => emitAppEvent("toggle-sidebar", {})}
        className={`${iconButtonClass} md:hidden`}
      >
        <SidebarIcon className="size-5" />
      </button>
      <h1 className="min-w-0 flex-1 truncate px-1 text-base font-medium text-zinc-800 dark:text-zinc-200">
        {title ?? "New chat"}
      </h1>
      {isDemo ? (
        <span className="shrink-0 rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
          Demo<span className="hidden sm:inline"> mode</span>
        </span>
      ) : null}
      <Link href="/" onClick={startNewChat} aria-label="New chat" title="New chat" className={`${iconButtonClass} md:hidden`}>
        <NewChatIcon className="size-5" />
      </Link>
      <ChatActions chatId={chatId} title={title ?? "New chat"} visibility={visibility} isSaved={isSaved} />
    </header>
  );
}
