/** A pulsing placeholder bar; size and shape come from className. */
export function SkeletonBar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

/** A chat page's outline while it loads: the header, a question on the right, answers on the left, the composer. */
export function ChatPageSkeleton() {
  return (
    <div role="status" aria-label="Loading the chat" className="flex h-dvh flex-col">
      <div className="flex h-14 shrink-0 items-center px-4">
        <SkeletonBar className="ml-10 h-4 w-40 max-w-[50%]" />
      </div>
      <div className="min-h-0 flex-1 overflow-hidden">
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
      </div>
      <div className="shrink-0 px-4 pb-4">
        <div className="mx-auto h-[6.5rem] w-full max-w-3xl animate-pulse rounded-3xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900" />
        <div className="h-6" />
      </div>
    </div>
  );
}
