import type { ModelInfo } from "@/lib/ai/catalog";
import type { UserTier } from "@/lib/ai/model-access";
import type { ModelRegistry } from "@/lib/ai/registry";
import { byPrice, cheapestModelForImages, modelForImages } from "@/lib/ai/vision";
import { AppError } from "@/lib/errors";

/**
 * The model a request asks for, checked before anything is read: a chat model (else 400 `unknown_model`) that the
 * user's tier may use (else 403 `forbidden`).
 */
export function requireRequestedModel(registry: ModelRegistry, tier: UserTier, requestedId: string): ModelInfo {
  const model = registry.getModel(requestedId);
  if (!model || !model.useCases.includes("chat")) {
    throw new AppError("unknown_model", `Unknown model "${requestedId}". Pick one from the model list.`);
  }
  if (!registry.canUseModel(tier, model.id)) {
    throw new AppError("forbidden", `Sign up to use ${model.label}. Guests can use ${guestModelLabels(registry)}.`);
  }
  return model;
}

export type ModelChoice = {
  /** What the chat remembers (the picker shows it next time): the model asked for, else the chat's, else the default. */
  chosen: ModelInfo;
  /** What answers: the chosen model, unless the budget asks for the cheapest or the images for one that reads them. */
  answering: ModelInfo;
};

/**
 * The one model decision of a message, in order: requested → remembered (while the tier still allows it) → the
 * tier's default; then the monthly budget (its cheapest model) and images (a model that reads them: the cheapest
 * such when the budget decides). Throws 400 when the conversation has images and no allowed model reads them.
 */
export function chooseModels(input: {
  registry: ModelRegistry;
  tier: UserTier;
  requested: ModelInfo | null;
  rememberedId: string | null;
  forceCheapest: boolean;
  needsVision: boolean;
}): ModelChoice {
  const { registry, tier } = input;
  const remembered = input.rememberedId ? registry.getModel(input.rememberedId) : null;
  const chosen =
    input.requested ?? (remembered && registry.canUseModel(tier, remembered.id) ? remembered : registry.defaultModelFor(tier));
  const allowed = registry.modelsForTier(tier);
  let answering: ModelInfo | null;
  if (input.forceCheapest) {
    answering = input.needsVision ? cheapestModelForImages(allowed) : ([...allowed].sort(byPrice)[0] ?? chosen);
  } else {
    answering = input.needsVision ? modelForImages(chosen, allowed) : chosen;
  }
  if (!answering) {
    throw new AppError(
      "bad_request",
      "None of the models you can use reads images. Send the message without the image, or ask the operator to add a vision model.",
    );
  }
  return { chosen, answering };
}

function guestModelLabels(registry: ModelRegistry): string {
  const labels = registry.modelsForTier("guest").map((model) => model.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}` : (labels[0] ?? "none");
}
