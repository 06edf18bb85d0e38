import { ChatPageSkeleton } from "@/components/ui/skeleton";

// While a chat page loads, its outline pulses beside the sidebar instead of a blank area.
export default function ChatGroupLoading() {
  return <ChatPageSkeleton />;
}
