"use client";

/**
 * Events between parts of the page that do not share a React tree position: the chat tells the sidebar about new
 * titles; keyboard shortcuts reach the chat. Dispatched on window as `chatbot:<name>` CustomEvents.
 */
export type AppEvents = {
  /** A chat was created, renamed, answered or got its generated title: the sidebar shows it (first, when bumped). */
  "chat-saved": { id: string; title?: string; visibility?: "private" | "public"; bumped?: boolean };
  /** A chat was deleted: the sidebar drops it; an open chat page goes to a new chat. */
  "chat-deleted": { id: string };
  /** Shortcut: put the caret in the composer. */
  "focus-composer": Record<string, never>;
  /** Shortcut: stop the answer being generated, if any. */
  "stop-answer": Record<string, never>;
  /** Header button or shortcut: open or close the sidebar (the drawer on small screens). */
  "toggle-sidebar": Record<string, never>;
  /** Shortcut or button: show the keyboard shortcuts dialog. */
  "show-shortcuts": Record<string, never>;
};

export function emitAppEvent<K extends keyof AppEvents>(name: K, detail: AppEvents[K]): void {
  window.dispatchEvent(new CustomEvent(`chatbot:${name}`, { detail }));
}

/** Subscribes to an event; returns the unsubscribe function (handy as a useEffect cleanup). */
export function onAppEvent<K extends keyof AppEvents>(name: K, listener: (detail: AppEvents[K]) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<AppEvents[K]>).detail);
  window.addEventListener(`chatbot:${name}`, handler);
  return () => window.removeEventListener(`chatbot:${name}`, handler);
}
