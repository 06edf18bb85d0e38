import "server-only";
import { cache } from "react";
import { getModelRegistry } from "@/lib/ai";
import type { PublicModel } from "@/lib/ai/catalog";
import { tierOf } from "@/lib/ai/model-access";
import { getSessionUser } from "@/lib/auth/session";
import { getStore } from "@/lib/db";
import type { Chat, User } from "@/lib/db/schema";

export type ChatPageContext = {
  user: User;
  /** The chat models the user's tier may use: the model picker's list. */
  models: PublicModel[];
  defaultModelId: string;
  /** How many more chat models signing up unlocks (0 for registered users). */
  lockedModelCount: number;
  isDemo: boolean;
};

/**
 * What every chat page needs, or null when the visitor has no live session: the page then renders
 * StartGuestSession (the proxy already sent first visits without any cookie to guest sign-in).
 */
export async function loadChatPageContext(): Promise<ChatPageContext | null> {
  const user = await getSessionUser();
  if (!user) return null;
  const registry = getModelRegistry();
  const tier = tierOf(user);
  const models = registry.publicModelsFor(tier);
  return {
    user,
    models,
    defaultModelId: registry.defaultModelFor(tier).id,
    lockedModelCount: registry.publicModels().length - models.length,
    isDemo: registry.mode === "demo",
  };
}

/** The user's chat with this id, or null; read once per request (the chat's layout decides 404, the page renders it). */
export const getOwnedChat = cache(async (chatId: string, userId: string): Promise<Chat | null> => {
  const store = await getStore();
  return store.getChatForUser({ chatId, userId });
});
