import { getModelRegistry } from "@/lib/ai";
import { tierOf } from "@/lib/ai/model-access";
import { requireSessionUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/models — the chat models the user's tier may use, and the one a new chat starts on
export const GET = route(async () => {
  const user = await requireSessionUser();
  const registry = getModelRegistry();
  const tier = tierOf(user);
  return Response.json(
    { tier, defaultModelId: registry.defaultModelFor(tier).id, models: registry.publicModelsFor(tier) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
