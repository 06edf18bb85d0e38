import "server-only";
import { redirect } from "next/navigation";
import { getModelRegistry } from "@/lib/ai";
import type { PublicModel } from "@/lib/ai/catalog";
import { getSessionUser } from "@/lib/auth/session";
import type { User } from "@/lib/db/schema";

export type ChatPageContext = { user: User; models: PublicModel[]; defaultModelId: string; isDemo: boolean };

/** What every chat page needs; a visitor without a (live) session is sent through guest sign-in first. */
export async function loadChatPageContext(returnTo: string): Promise<ChatPageContext> {
  const user = await getSessionUser();
  if (!user) redirect(`/api/auth/guest?redirectUrl=${encodeURIComponent(returnTo)}`);
  const registry = getModelRegistry();
  return { user, models: registry.publicModels(), defaultModelId: registry.defaultModelId, isDemo: registry.mode === "demo" };
}
