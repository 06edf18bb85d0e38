import "server-only";
import { getModelRegistry } from "@/lib/ai";
import type { PublicModel } from "@/lib/ai/catalog";
import { getSessionUser } from "@/lib/auth/session";
import type { User } from "@/lib/db/schema";

export type ChatPageContext = { user: User; models: PublicModel[]; defaultModelId: string; isDemo: boolean };

/**
 * What every chat page needs, or null when the visitor has no live session: the page then renders
 * StartGuestSession (the proxy already sent first visits without any cookie to guest sign-in).
 */
export async function loadChatPageContext(): Promise<ChatPageContext | null> {
  const user = await getSessionUser();
  if (!user) return null;
  const registry = getModelRegistry();
  return { user, models: registry.publicModels(), defaultModelId: registry.defaultModelId, isDemo: registry.mode === "demo" };
}
