import type { ReactNode } from "react";

const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500";

export const startChatLinkClass = `inline-flex h-9 items-center rounded-full bg-zinc-900 px-4 text-sm font-medium whitespace-nowrap text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300 ${focusRing}`;

/**
 * A link to a new chat that loads the page in full rather than through the client router: only a document load
 * gives a signed-out visitor a guest session (proxy.ts) before the chat page renders.
 */
export function HomeLink({ className, children }: { className: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load on purpose, see above
    <a href="/" className={className}>
      {children}
    </a>
  );
}

/** The header of the public share pages: no sidebar, no account, only the way to a chat of one's own. */
export function SharedHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200/80 bg-white/85 backdrop-blur dark:border-zinc-800/80 dark:bg-zinc-950/85">
      <div className="mx-auto flex h-14 w-full max-w-3xl items-center justify-between gap-3 px-4">
        <HomeLink className={`rounded-md font-semibold tracking-tight ${focusRing}`}>chatbot</HomeLink>
        <HomeLink className={startChatLinkClass}>Start your own chat</HomeLink>
      </div>
    </header>
  );
}
