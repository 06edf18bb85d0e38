import { randomUUID } from "node:crypto";
import { StartGuestSession } from "@/components/auth/start-guest-session";
import { Chat } from "@/components/chat/chat";
import { guestSignInPath } from "@/lib/auth/guest-entry";
import { getClientUploadLimits } from "@/lib/documents/limits";
import { loadChatPageContext } from "@/lib/chat/load-chat-page";

// / — a new, empty chat; it moves to /chat/<id> when the first message is sent
export default async function NewChatPage() {
  const context = await loadChatPageContext();
  if (!context) return <StartGuestSession href={guestSignInPath("/")} />;
  const id = randomUUID();
  return (
    <Chat
      key={id}
      id={id}
      visibility="private"
      initialMessages={[]}
      initialVotes={[]}
      isNewChat
      models={context.models}
      initialModelId={context.defaultModelId}
      lockedModelCount={context.lockedModelCount}
      isDemo={context.isDemo}
      isGuest={context.user.isGuest}
      uploadLimits={getClientUploadLimits()}
    />
  );
}
