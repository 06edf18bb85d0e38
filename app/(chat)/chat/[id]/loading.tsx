import { ChatPageSkeleton } from "@/components/ui/skeleton";

// Moving between chats: the conversation's outline while the next one loads.
export default function ChatLoading() {
  return <ChatPageSkeleton />;
}
