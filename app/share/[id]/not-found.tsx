import { HomeLink, SharedHeader, startChatLinkClass } from "@/components/share/shared-header";

// A private, deleted or mistyped share link.
export default function SharedChatNotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <SharedHeader />
      <main className="flex flex-1 items-center justify-center px-4 py-16">
        <div className="flex max-w-md flex-col items-center text-center">
          <span className="inline-flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-5">
              <path
                d="M6.5 9.5a2.5 2.5 0 0 0 3.5 0l.5-.5M9.5 6.5a2.5 2.5 0 0 0-3.5 0L3.5 9a2.5 2.5 0 0 0 3.5 3.5l.75-.75M9 3.5l.25-.25A2.5 2.5 0 0 1 12.75 6.75L12.5 7M2.5 2.5l11 11"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
                strokeLinecap="round"
              />
            </svg>
          </span>
          <h1 className="mt-5 text-xl font-semibold tracking-tight text-balance">
            This shared chat doesn&apos;t exist or is no longer shared
          </h1>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            The link may be mistyped, or the person who shared it has made the chat private.
          </p>
          <HomeLink className={`${startChatLinkClass} mt-6`}>
            Start your own chat
          </HomeLink>
        </div>
      </main>
    </div>
  );
}
