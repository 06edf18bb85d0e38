import { notFound } from "next/navigation";
import { StartGuestSession } from "@/components/auth/start-guest-session";
import { Chat } from "@/components/chat/chat";
import { guestSignInPath } from "@/lib/auth/guest-entry";
import { getClientUploadLimits } from "@/lib/documents/limits";
import { getOwnedChat, loadChatPageContext } from "@/lib/chat/load-chat-page";
import { readChatMessages } from "@/lib/chat/read-chat-messages";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import { getStore } from "@/lib/db";
import { chatIdSchema } from "../../api/chat/schema";

// /chat/<id> — one of the visitor's chats: all its messages (every version, answers not stored yet marked pending)
// and the visitor's votes on them
export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = chatIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const chatId = parsed.data;
  const context = await loadChatPageContext();
  if (!context) return <StartGuestSession href={guestSignInPath(`/chat/${chatId}`)} />;
  const chat = await getOwnedChat(chatId, context.user.id);
  if (!chat) notFound();
  const store = await getStore();
  const [rows, votes] = await Promise.all([readChatMessages(store, chat), store.getVotesByChatId({ chatId })]);
  const modelId = chat.model && context.models.some((m) => m.id === chat.model) ? chat.model : context.defaultModelId;
  return (
    <Chat
      key={chat.id}
      id={chat.id}
      title={chat.title}
      visibility={chat.visibility}
      initialMessages={rows.map(toChatMessage)}
      initialVotes={votes.map(({ messageId, isUpvoted }) => ({ messageId, isUpvoted }))}
      isNewChat={false}
      models={context.models}
      initialModelId={modelId}
      lockedModelCount={context.lockedModelCount}
      isDemo={context.isDemo}
      isGuest={context.user.isGuest}
      uploadLimits={getClientUploadLimits()}
    />
  );
}
