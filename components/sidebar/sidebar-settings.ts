/** "1" when the desktop sidebar is collapsed; read by the chat layout so the first paint is already right. */
export const SIDEBAR_COLLAPSED_COOKIE = "sidebar_collapsed";
/** The browser's IANA time zone, so the server groups the history by the user's days. */
export const TIME_ZONE_COOKIE = "tz";
/** Chats per page of history: the layout's first page, then each page loaded on scroll. */
export const HISTORY_PAGE_SIZE = 30;
