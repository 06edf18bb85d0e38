import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getSessionUser } from "@/lib/auth/session";
import { getOwnedChat } from "@/lib/chat/load-chat-page";
import { chatIdSchema } from "../../api/chat/schema";

type ChatIdLayoutProps = { children: ReactNode; params: Promise<{ id: string }> };

// Decides 404 before anything streams: inside the loading boundary below, the response would already be a 200.
export default async function ChatIdLayout({ children, params }: ChatIdLayoutProps) {
  const parsed = chatIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const user = await getSessionUser();
  // Without a session the page starts a guest one; there is nothing to look up yet.
  if (user && !(await getOwnedChat(parsed.data, user.id))) notFound();
  return children;
}
