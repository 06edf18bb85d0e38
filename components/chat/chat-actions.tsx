"use client";

import { ChatOptionsMenu } from "@/components/share/chat-options-menu";
import { ShareDialog } from "@/components/share/share-dialog";

export type ChatActionsProps = {
  chatId: string;
  title: string;
  visibility: "private" | "public";
  /** False until the chat's first message is saved: there is nothing to share or export yet. */
  isSaved: boolean;
};

/** The chat header's Share button and its menu (export). Owned by the sharing/export work. */
export function ChatActions({ chatId, title, visibility, isSaved }: ChatActionsProps) {
  if (!isSaved) return null;
  return (
    <div className="flex items-center gap-0.5">
      <ShareDialog chatId={chatId} title={title} visibility={visibility} />
      <ChatOptionsMenu chatId={chatId} />
    </div>
  );
}
