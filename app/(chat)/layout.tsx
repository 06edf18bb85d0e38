import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/sidebar/app-shell";
import { validTimeZone } from "@/components/sidebar/history-groups";
import { HISTORY_PAGE_SIZE, SIDEBAR_COLLAPSED_COOKIE, TIME_ZONE_COOKIE } from "@/components/sidebar/sidebar-settings";
import { getSessionUser } from "@/lib/auth/session";
import { toChatListItem } from "@/lib/chat/chat-list";
import { getStore } from "@/lib/db";

async function loadFirstHistoryPage(userId: string) {
  const store = await getStore();
  const page = await store.listChatsByUserId({ userId, limit: HISTORY_PAGE_SIZE });
  return { chats: page.items.map(toChatListItem), nextCursor: page.nextCursor, loadedAt: Date.now() };
}

// The chat pages inside the sidebar. Its first page of history is rendered here, so it is there on the first paint.
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  // No session: the page starts a guest session and reloads; there is nothing to list yet.
  if (!user) return children;
  const [{ chats, nextCursor, loadedAt }, cookieStore] = await Promise.all([loadFirstHistoryPage(user.id), cookies()]);
  return (
    <AppShell
      account={{ email: user.email, isGuest: user.isGuest }}
      initialPage={{ chats, nextCursor }}
      isInitiallyCollapsed={cookieStore.get(SIDEBAR_COLLAPSED_COOKIE)?.value === "1"}
      timeZone={validTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value)}
      serverNow={loadedAt}
    >
      {children}
    </AppShell>
  );
}
