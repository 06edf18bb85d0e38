/**
 * A chat's messages form a tree: each message names the one it follows (`parentId`, null for the first). Editing a
 * user message adds a sibling of it; regenerating an answer adds a sibling of that answer. What the screen shows is
 * one branch, from the first message to a leaf. These helpers take the messages oldest first, as the store returns them.
 */
export type TreeMessage = { id: string; metadata?: { parentId?: string | null } | undefined };

export function parentIdOf(message: TreeMessage): string | null {
  return message.metadata?.parentId ?? null;
}

/** The messages from the first one down to `id`, in order; empty when `id` is unknown. */
export function pathTo<T extends TreeMessage>(messages: readonly T[], id: string): T[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const path: T[] = [];
  const seen = new Set<string>();
  for (let node = byId.get(id); node && !seen.has(node.id); node = byId.get(parentIdOf(node) ?? "")) {
    seen.add(node.id);
    path.push(node);
  }
  return path.reverse();
}

/** The branch shown when a chat opens: the one that ends with the newest message. */
export function latestBranch<T extends TreeMessage>(messages: readonly T[]): T[] {
  const newest = messages.at(-1);
  return newest ? pathTo(messages, newest.id) : [];
}

/**
 * The branch through `id`: the path to it, then on to the newest message below it, so switching to a version shows
 * the conversation that continued from that version.
 */
export function branchThrough<T extends TreeMessage>(messages: readonly T[], id: string): T[] {
  for (const newest of [...messages].reverse()) {
    const path = pathTo(messages, newest.id);
    if (path.some((message) => message.id === id)) return path;
  }
  return [];
}

/** The versions of a message: it and the messages that share its parent and role, oldest first. */
export function versionsOf<T extends TreeMessage & { role: string }>(messages: readonly T[], message: T): T[] {
  const parentId = parentIdOf(message);
  return messages.filter((other) => parentIdOf(other) === parentId && other.role === message.role);
}
