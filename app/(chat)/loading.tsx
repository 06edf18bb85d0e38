import { ComposerSkeleton, HeaderSkeleton, SkeletonBar } from "@/components/ui/skeleton";

// While a new chat loads: its greeting and composer, pulsing, in place of a blank page.
export default function NewChatLoading() {
  return (
    <div role="status" aria-label="Loading" className="flex h-dvh flex-col">
      <HeaderSkeleton />
      <div className="flex flex-1 flex-col items-center justify-center gap-3 px-4 pb-[10vh]">
        <SkeletonBar className="h-7 w-72 max-w-full" />
      </div>
      <ComposerSkeleton />
    </div>
  );
}
