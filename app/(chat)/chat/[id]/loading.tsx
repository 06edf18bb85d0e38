import { ComposerSkeleton, HeaderSkeleton, SkeletonBar } from "@/components/ui/skeleton";

// While a chat loads: the outline of a conversation (a question on the right, answers on the left).
export default function ChatLoading() {
  return (
    <div role="status" aria-label="Loading the chat" className="flex h-dvh flex-col">
      <HeaderSkeleton />
      <div className="flex-1 overflow-hidden">
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
      <ComposerSkeleton />
    </div>
  );
}
