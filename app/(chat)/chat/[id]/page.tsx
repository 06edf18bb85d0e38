import { notFound } from "next/navigation";
import { StartGuestSession } from "@/components/auth/start-guest-session";
import { Chat } from "@/components/chat/chat";
import { guestSignInPath } from "@/lib/auth/guest-entry";
import { loadChatPageContext } from "@/lib/chat/load-chat-page";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import { getStore } from "@/lib/db";
import { chatIdSchema } from "../../api/chat/schema";

// /chat/<id> — one of the visitor's chats, with its history from the store
export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = chatIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const chatId = parsed.data;
  const context = await loadChatPageContext();
  if (!context) return <StartGuestSession href={guestSignInPath(`/chat/${chatId}`)} />;
  const store = await getStore();
  const chat = await store.getChatForUser({ chatId, userId: context.user.id });
  if (!chat) notFound();
  const messages = (await store.getMessagesByChatId({ chatId })).map(toChatMessage);
  const modelId = chat.model && context.models.some((m) => m.id === chat.model) ? chat.model : context.defaultModelId;
  return (
    <Chat
      key={chat.id}
      id={chat.id}
      title={chat.title}
      initialMessages={messages}
      isNewChat={false}
      models={context.models}
      initialModelId={modelId}
      lockedModelCount={context.lockedModelCount}
      isDemo={context.isDemo}
      account={{ email: context.user.email, isGuest: context.user.isGuest }}
    />
  );
}
