import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { getStore } from "@/lib/db";
import type { User } from "@/lib/db/schema";

type LookupSlot = { userId?: string; user?: User | null };

const slots = new AsyncLocalStorage<LookupSlot>();

/**
 * Looks up the user a session token names. Inside withSessionUserLookup the answer is kept for the rest of that
 * call, so the check in Auth.js's jwt callback and getSessionUser's own read cost one query together.
 */
export async function lookUpSessionUser(userId: string): Promise<User | null> {
  const slot = slots.getStore();
  if (slot && slot.userId === userId && slot.user !== undefined) return slot.user;
  const user = await (await getStore()).getUserById({ id: userId });
  if (slot) Object.assign(slot, { userId, user });
  return user;
}

export function withSessionUserLookup<T>(work: () => Promise<T>): Promise<T> {
  return slots.run({}, work);
}
