import "server-only";
import type { ModelInfo } from "@/lib/ai/catalog";
import type { UserTier } from "@/lib/ai/model-access";
import type { ModelRegistry } from "@/lib/ai/registry";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";

/**
 * The model to answer a message with. A requested model must be a chat model (else 400 `unknown_model`) that the
 * user's tier may use (else 403 `forbidden`, before anything is saved). Without one, the chat keeps the model it
 * remembers while the tier still allows it; a new chat gets the tier's default.
 */
export async function chooseChatModel(input: {
  registry: ModelRegistry;
  store: Store;
  tier: UserTier;
  userId: string;
  chatId: string;
  requestedId: string | undefined;
}): Promise<ModelInfo> {
  const { registry, tier, requestedId } = input;
  if (requestedId !== undefined) {
    const model = registry.getModel(requestedId);
    if (!model || !model.useCases.includes("chat")) {
      throw new AppError("unknown_model", `Unknown model "${requestedId}". Pick one from the model list.`);
    }
    if (!registry.canUseModel(tier, model.id)) {
      throw new AppError("forbidden", `Sign up to use ${model.label}. Guests can use ${guestModelLabels(registry)}.`);
    }
    return model;
  }
  const chat = await input.store.getChatForUser({ chatId: input.chatId, userId: input.userId });
  const remembered = chat?.model ? registry.getModel(chat.model) : null;
  return remembered && registry.canUseModel(tier, remembered.id) ? remembered : registry.defaultModelFor(tier);
}

function guestModelLabels(registry: ModelRegistry): string {
  const labels = registry.modelsForTier("guest").map((model) => model.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}` : (labels[0] ?? "none");
}
