"use client";

import { SharedHeader } from "@/components/share/shared-header";

// The store was unreachable: say so rather than claim the chat is not shared.
export default function SharedChatError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SharedHeader />
      <main className="flex flex-1 flex-col items-center justify-center gap-4 px-4 py-16 text-center">
        <h1 className="text-xl font-semibold tracking-tight">This shared chat could not be loaded</h1>
        <p className="max-w-md text-sm text-zinc-600 dark:text-zinc-400">Something went wrong on our side. Try again in a moment.</p>
        <button
          type="button"
          onClick={reset}
          className="inline-flex h-9 items-center rounded-full border border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Try again
        </button>
      </main>
    </div>
  );
}
