"use client";

import { useCallback, useMemo, useState } from "react";
import { branchThrough, latestBranch, parentIdOf, versionsOf } from "@/lib/chat/message-tree";
import type { ChatMessage } from "@/lib/chat/types";

/** Where a message stands among its versions, and the neighbours to switch to. */
export type VersionInfo = { index: number; count: number; previousId: string | null; nextId: string | null };

/** Each message of the branch on screen follows the one before it: that is how a streamed message finds its parent. */
export function linkBranch(branch: readonly ChatMessage[]): ChatMessage[] {
  return branch.map((message, index) => {
    const parentId = branch[index - 1]?.id ?? null;
    return parentIdOf(message) === parentId && message.metadata?.parentId !== undefined
      ? message
      : { ...message, metadata: { ...message.metadata, parentId } };
  });
}

/** Every message seen, oldest first: a known message keeps its place and takes its newest content from the branch. */
export function mergeBranch(seen: ReadonlyMap<string, ChatMessage>, branch: readonly ChatMessage[]): Map<string, ChatMessage> {
  const merged = new Map(seen);
  for (const message of linkBranch(branch)) merged.set(message.id, message);
  return merged;
}

/** The version position of every message of the branch that has siblings. */
export function versionsInBranch(tree: readonly ChatMessage[], branch: readonly ChatMessage[]): Map<string, VersionInfo> {
  const infos = new Map<string, VersionInfo>();
  const byId = new Map(tree.map((message) => [message.id, message]));
  for (const { id } of branch) {
    const message = byId.get(id);
    if (!message) continue;
    const versions = versionsOf(tree, message);
    if (versions.length < 2) continue;
    const index = versions.findIndex((version) => version.id === message.id);
    infos.set(message.id, {
      index,
      count: versions.length,
      previousId: versions[index - 1]?.id ?? null,
      nextId: versions[index + 1]?.id ?? null,
    });
  }
  return infos;
}

/**
 * The chat's message tree on the client: the page's messages plus every message streamed since. useChat holds only
 * the branch on screen, so a branch about to be replaced (a switch, an edit, a regeneration) is remembered first.
 */
export function useMessageTree(allMessages: readonly ChatMessage[], branch: readonly ChatMessage[]) {
  const [seen, setSeen] = useState(() => new Map(allMessages.map((message) => [message.id, message])));
  const tree = useMemo(() => [...mergeBranch(seen, branch).values()], [seen, branch]);
  const versions = useMemo(() => versionsInBranch(tree, branch), [tree, branch]);

  const remember = useCallback(() => setSeen((current) => mergeBranch(current, branch)), [branch]);
  /** The branch that shows version `id`, after remembering the one on screen. */
  const branchTo = useCallback(
    (id: string) => {
      remember();
      return branchThrough(tree, id);
    },
    [remember, tree],
  );
  return { versions, remember, branchTo };
}

/** The branch a chat opens on: the one ending with its newest message. */
export function openingBranch(allMessages: readonly ChatMessage[]): ChatMessage[] {
  return latestBranch(allMessages);
}
