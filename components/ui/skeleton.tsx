/** A pulsing placeholder bar; size and shape come from className. */
export function SkeletonBar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

/** The composer's outline at the bottom of a loading chat page. */
export function ComposerSkeleton() {
  return (
    <div className="shrink-0 px-4 pb-4">
      <div className="mx-auto h-[3.25rem] w-full max-w-3xl animate-pulse rounded-3xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900" />
      <div className="mx-auto mt-2 h-3 w-56 max-w-full" />
    </div>
  );
}

/** The chat header's outline. */
export function HeaderSkeleton() {
  return (
    <div className="flex h-14 shrink-0 items-center gap-3 border-b border-zinc-200 px-4 dark:border-zinc-800">
      <SkeletonBar className="h-4 w-40 max-w-[50%]" />
    </div>
  );
}
