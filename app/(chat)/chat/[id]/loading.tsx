import { ChatPageSkeleton } from "@/components/ui/skeleton";

// Opening a chat: the outline of a conversation pulses beside the sidebar until it has loaded.
export default function ChatLoading() {
  return <ChatPageSkeleton />;
}
