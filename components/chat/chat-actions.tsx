"use client";

export type ChatActionsProps = {
  chatId: string;
  title: string;
  visibility: "private" | "public";
  /** False until the chat's first message is saved: there is nothing to share or export yet. */
  isSaved: boolean;
};

/** The chat header's Share button and its menu (export). Owned by the sharing/export work. */
export function ChatActions(_props: ChatActionsProps) {
  return null;
}
