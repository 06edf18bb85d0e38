"use client";

import { usePathname } from "next/navigation";

/** A pulsing placeholder bar; size and shape come from className. */
export function SkeletonBar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

function HeaderSkeleton() {
  return (
    <div className="flex h-14 shrink-0 items-center gap-3 px-4">
      <SkeletonBar className="h-4 w-40 max-w-[50%]" />
    </div>
  );
}

function ComposerSkeleton() {
  return (
    <div className="shrink-0 px-4 pb-4">
      <div className="mx-auto h-[3.25rem] w-full max-w-3xl animate-pulse rounded-3xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900" />
      <div className="mx-auto mt-2 h-4" />
    </div>
  );
}

function ConversationSkeleton() {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-8 px-4 py-8">
      <div className="flex justify-end">
        <SkeletonBar className="h-10 w-1/2 rounded-3xl" />
      </div>
      <div className="flex flex-col gap-3">
        <SkeletonBar className="h-3.5 w-11/12" />
        <SkeletonBar className="h-3.5 w-full" />
        <SkeletonBar className="h-3.5 w-4/5" />
        <SkeletonBar className="h-3.5 w-2/3" />
      </div>
      <div className="flex justify-end">
        <SkeletonBar className="h-10 w-2/5 rounded-3xl" />
      </div>
      <div className="flex flex-col gap-3">
        <SkeletonBar className="h-3.5 w-full" />
        <SkeletonBar className="h-3.5 w-3/4" />
      </div>
    </div>
  );
}

/**
 * The chat page's outline while it loads: a conversation for /chat/<id>, the greeting for a new chat. One boundary
 * serves both (going from / to a chat passes the chat group's loading state), so it looks at where it is going.
 */
export function ChatPageSkeleton() {
  const isConversation = usePathname().startsWith("/chat/");
  return (
    <div role="status" aria-label={isConversation ? "Loading the chat" : "Loading a new chat"} className="flex h-dvh flex-col">
      <HeaderSkeleton />
      <div className="min-h-0 flex-1 overflow-hidden">
        {isConversation ? (
          <ConversationSkeleton />
        ) : (
          <div className="flex h-full flex-col items-center justify-center px-4 pb-[10vh]">
            <SkeletonBar className="h-7 w-72 max-w-full" />
          </div>
        )}
      </div>
      <ComposerSkeleton />
    </div>
  );
}
