"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { lazy, type MouseEvent, type ReactNode, Suspense, useEffect, useEffectEvent, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { onAppEvent } from "@/components/app-events";
import { KeyboardShortcuts } from "@/components/shortcuts/keyboard-shortcuts";
import type { AccountLinksProps } from "./account-links";
import type { ChatSummary } from "./history-groups";
import { NewChatIcon, SearchIcon, SidebarIcon } from "./icons";
import { iconButton, SidebarPanel } from "./sidebar-panel";
import { SIDEBAR_COLLAPSED_COOKIE, TIME_ZONE_COOKIE } from "./sidebar-settings";
import { type ChatListPage, useChatList } from "./use-chat-list";

export type AppShellProps = {
  account: AccountLinksProps;
  initialPage: ChatListPage;
  isInitiallyCollapsed: boolean;
  /** The time zone the server grouped the history in (the browser's, from a cookie, after the first visit). */
  timeZone: string;
  /** When the server rendered, so the first client render groups the history the same way. */
  serverNow: number;
  children: ReactNode;
};

// Loaded the first time it opens: most visits never search.
const SearchDialog = lazy(() => import("./search-dialog").then((m) => ({ default: m.SearchDialog })));

const SIDEBAR_ID = "app-sidebar";
const MOBILE_QUERY = "(max-width: 767.98px)";
const MINUTE_MS = 60_000;
const YEAR_S = 31_536_000;

const subscribeToViewport = (onChange: () => void) => {
  const query = window.matchMedia(MOBILE_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};
const subscribeToMinutes = (onChange: () => void) => {
  const timer = setInterval(onChange, MINUTE_MS);
  return () => clearInterval(timer);
};

function setCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${YEAR_S}; samesite=lax`;
}

/**
 * The chat pages' frame: the sidebar beside the page. On desktop it collapses to a rail (remembered in a cookie the
 * layout reads, so it never flashes); below 768px it is a drawer over the page, opened by the header's toggle.
 */
export function AppShell({ account, initialPage, isInitiallyCollapsed, timeZone, serverNow, children }: AppShellProps) {
  const router = useRouter();
  const pathname = usePathname();
  const list = useChatList(initialPage);
  const [isCollapsed, setIsCollapsed] = useState(isInitiallyCollapsed);
  const [isDrawerOpen, setIsDrawerOpen] = useState(false);
  const [search, setSearch] = useState<"never" | "open" | "closed">("never");
  const closeButtonRef = useRef<HTMLButtonElement>(null);
  const drawerOpenerRef = useRef<Element | null>(null);

  const isMobile = useSyncExternalStore(subscribeToViewport, () => window.matchMedia(MOBILE_QUERY).matches, () => false);
  const isDrawerShown = isMobile && isDrawerOpen;
  // The server's clock and zone while hydrating, then the browser's: the groups never mismatch, and stay right past midnight.
  const nowMs = useSyncExternalStore(subscribeToMinutes, () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS, () => serverNow);
  const localZone = useSyncExternalStore(subscribeToMinutes, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => timeZone);
  const now = useMemo(() => new Date(nowMs), [nowMs]);

  useEffect(() => setCookie(TIME_ZONE_COOKIE, localZone), [localZone]);

  const [shownPathname, setShownPathname] = useState(pathname);
  if (pathname !== shownPathname) {
    setShownPathname(pathname);
    setIsDrawerOpen(false);
  }

  const closeDrawer = ({ restoreFocus }: { restoreFocus: boolean }) => {
    setIsDrawerOpen(false);
    const opener = drawerOpenerRef.current;
    drawerOpenerRef.current = null;
    // The page is inert until the drawer has closed: focus once React has committed.
    if (restoreFocus && opener instanceof HTMLElement) requestAnimationFrame(() => opener.isConnected && opener.focus());
  };

  const toggleSidebar = () => {
    if (window.matchMedia(MOBILE_QUERY).matches) {
      if (isDrawerOpen) return closeDrawer({ restoreFocus: true });
      drawerOpenerRef.current = document.activeElement;
      setIsDrawerOpen(true);
      return;
    }
    setIsCollapsed(!isCollapsed);
    setCookie(SIDEBAR_COLLAPSED_COOKIE, isCollapsed ? "0" : "1");
  };

  const onToggleEvent = useEffectEvent(toggleSidebar);
  useEffect(() => onAppEvent("toggle-sidebar", onToggleEvent), []);

  const onDrawerKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.shiftKey || event.defaultPrevented) return;
    if (document.querySelector('dialog[open], [role="menu"]')) return;
    event.preventDefault();
    closeDrawer({ restoreFocus: true });
  });
  useEffect(() => {
    if (!isDrawerShown) return;
    closeButtonRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => onDrawerKeyDown(event);
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [isDrawerShown]);

  const startNewChat = () => {
    setIsDrawerOpen(false);
    // The chat page moves itself to /chat/<id> outside the router, which may still hold "/": refresh for a new chat id.
    router.push("/");
    router.refresh();
  };

  const onNewChatClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    startNewChat();
  };

  const onImported = (chat: ChatSummary) => {
    list.addChat(chat);
    setIsDrawerOpen(false);
    router.push(`/chat/${chat.id}`);
  };

  const currentChatId = /^\/chat\/([^/]+)$/.exec(pathname)?.[1] ?? null;

  return (
    <div className="flex h-dvh w-full overflow-hidden">
      <SidebarPanel
        id={SIDEBAR_ID}
        className={[
          "flex flex-col bg-zinc-50 text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100",
          "max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:z-40 max-md:w-[85vw] max-md:max-w-[22rem] max-md:shadow-2xl max-md:duration-200 motion-reduce:transition-none",
          // Visible at once when opening (so focus can move in); hidden only once it has slid out when closing.
          isDrawerOpen ? "max-md:transition-[translate]" : "max-md:invisible max-md:-translate-x-full max-md:transition-[translate,visibility]",
          "md:w-[260px] md:shrink-0 md:border-r md:border-zinc-200 md:dark:border-zinc-800",
          isCollapsed ? "md:hidden" : "",
        ].join(" ")}
        closeButtonRef={closeButtonRef}
        account={account}
        list={list}
        currentChatId={currentChatId}
        now={now}
        timeZone={localZone}
        isDrawerOpen={isDrawerShown}
        onClose={() => (isMobile ? closeDrawer({ restoreFocus: true }) : toggleSidebar())}
        onNewChat={onNewChatClick}
        onSearch={() => setSearch("open")}
        onOpenChat={() => setIsDrawerOpen(false)}
        onImported={onImported}
        onCurrentDeleted={startNewChat}
      />

      {isCollapsed ? (
        <div className="hidden w-[52px] shrink-0 flex-col items-center gap-1 border-r border-zinc-200 bg-zinc-50 py-2.5 md:flex dark:border-zinc-800 dark:bg-zinc-900">
          <button type="button" aria-label="Open sidebar" aria-expanded="false" aria-controls={SIDEBAR_ID} onClick={toggleSidebar} className={iconButton}>
            <SidebarIcon />
          </button>
          <Link href="/" onClick={onNewChatClick} aria-label="New chat" title="New chat" className={iconButton}>
            <NewChatIcon />
          </Link>
          <button type="button" aria-label="Search chats" title="Search chats" onClick={() => setSearch("open")} className={iconButton}>
            <SearchIcon />
          </button>
        </div>
      ) : null}

      {isDrawerShown ? (
        <div aria-hidden="true" onClick={() => closeDrawer({ restoreFocus: true })} className="fixed inset-0 z-30 bg-zinc-950/50 backdrop-blur-[1px]" />
      ) : null}

      <div className="relative flex min-w-0 flex-1 flex-col" inert={isDrawerShown}>
        {children}
      </div>

      {search !== "never" ? (
        <Suspense fallback={null}>
          <SearchDialog isOpen={search === "open"} onClose={() => setSearch("closed")} recentChats={list.chats} onOpenChat={() => setIsDrawerOpen(false)} />
        </Suspense>
      ) : null}
      <KeyboardShortcuts onNewChat={startNewChat} onSearch={() => setSearch("open")} />
    </div>
  );
}
