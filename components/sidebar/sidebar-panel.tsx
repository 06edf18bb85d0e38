"use client";

import Link from "next/link";
import type { MouseEvent, Ref } from "react";
import { emitAppEvent } from "@/components/app-events";
import { ariaKeys, keyLabel, SHORTCUTS, type ShortcutId } from "@/components/shortcuts/shortcut-list";
import { useIsMac } from "@/components/shortcuts/use-is-mac";
import { AccountLinks, type AccountLinksProps } from "./account-links";
import { ChatHistory } from "./chat-history";
import type { ChatSummary } from "./history-groups";
import { KeyboardIcon, NewChatIcon, SearchIcon, SidebarIcon } from "./icons";
import { ImportChat } from "./import-chat";
import { ThemeSwitcher } from "./theme-switcher";
import type { ChatList } from "./use-chat-list";

export type SidebarPanelProps = {
  id: string;
  className: string;
  closeButtonRef: Ref<HTMLButtonElement>;
  account: AccountLinksProps;
  list: ChatList;
  currentChatId: string | null;
  now: Date;
  timeZone: string;
  /** Marks the open drawer for the shortcuts (it owns Escape). */
  isDrawerOpen: boolean;
  onClose: () => void;
  onNewChat: (event: MouseEvent<HTMLAnchorElement>) => void;
  onSearch: () => void;
  onOpenChat: () => void;
  onImported: (chat: ChatSummary) => void;
  onCurrentDeleted: () => void;
};

export const iconButton =
  "flex size-9 shrink-0 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";
const actionRow =
  "group/action flex h-9 w-full items-center gap-2.5 rounded-lg px-2.5 text-sm text-zinc-800 hover:bg-zinc-200/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500 dark:text-zinc-200 dark:hover:bg-zinc-800/70";

/** The sidebar: new chat, search, import, the history, and the account with theme and shortcuts. */
export function SidebarPanel(props: SidebarPanelProps) {
  const { id, className, closeButtonRef, account, list, isDrawerOpen, onClose, onNewChat, onSearch, onOpenChat } = props;
  const isMac = useIsMac();

  return (
    <nav id={id} aria-label="Chat history" data-drawer-open={isDrawerOpen || undefined} className={className}>
      <div className="flex h-14 shrink-0 items-center justify-between gap-2 px-2">
        <Link
          href="/"
          onClick={onNewChat}
          className="rounded-lg px-2.5 py-1.5 text-[15px] font-semibold tracking-tight hover:bg-zinc-200/60 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800/70"
        >
          chatbot
        </Link>
        <button ref={closeButtonRef} type="button" aria-label="Close sidebar" aria-expanded="true" aria-controls={id} onClick={onClose} className={iconButton}>
          <SidebarIcon />
        </button>
      </div>

      <div className="flex shrink-0 flex-col gap-px px-2 pb-2">
        <Link href="/" onClick={onNewChat} aria-keyshortcuts={ariaKeys("new-chat", isMac)} className={actionRow}>
          <NewChatIcon className="size-[18px]" />
          New chat
          <ShortcutHint id="new-chat" isMac={isMac} />
        </Link>
        <button type="button" onClick={onSearch} aria-haspopup="dialog" aria-keyshortcuts={ariaKeys("search", isMac)} className={actionRow}>
          <SearchIcon className="size-[18px]" />
          Search chats
          <ShortcutHint id="search" isMac={isMac} />
        </button>
        <ImportChat onImported={props.onImported} className={actionRow} />
      </div>

      <div data-scroll-root className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-2">
        <ChatHistory
          list={list}
          currentChatId={props.currentChatId}
          onOpenChat={onOpenChat}
          onCurrentDeleted={props.onCurrentDeleted}
          now={props.now}
          timeZone={props.timeZone}
        />
      </div>

      <div className="shrink-0 border-t border-zinc-200 p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
        <div className="flex items-center justify-between gap-2 px-1 pt-1 pb-2.5">
          <ThemeSwitcher />
          <button
            type="button"
            aria-label="Keyboard shortcuts"
            aria-haspopup="dialog"
            title="Keyboard shortcuts"
            onClick={() => emitAppEvent("show-shortcuts", {})}
            className={iconButton}
          >
            <KeyboardIcon />
          </button>
        </div>
        <AccountLinks {...account} />
      </div>
    </nav>
  );
}

/** The shortcut, shown on hover on devices with a keyboard; the accessible name stays the action's. */
function ShortcutHint({ id, isMac }: { id: ShortcutId; isMac: boolean }) {
  const keys = SHORTCUTS.find((shortcut) => shortcut.id === id)?.keys ?? [];
  return (
    <span aria-hidden="true" className="ml-auto hidden text-xs tracking-wide text-zinc-400 group-hover/action:inline pointer-coarse:hidden!">
      {keys.map((key) => keyLabel(key, isMac)).join(isMac ? "" : "+")}
    </span>
  );
}
