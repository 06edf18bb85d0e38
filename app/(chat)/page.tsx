import { randomUUID } from "node:crypto";
import { Chat } from "@/components/chat/chat";
import { loadChatPageContext } from "@/lib/chat/load-chat-page";

// / — a new, empty chat; it moves to /chat/<id> when the first message is sent
export default async function NewChatPage() {
  const context = await loadChatPageContext("/");
  const id = randomUUID();
  return (
    <Chat
      key={id}
      id={id}
      initialMessages={[]}
      isNewChat
      models={context.models}
      initialModelId={context.defaultModelId}
      isDemo={context.isDemo}
    />
  );
}
