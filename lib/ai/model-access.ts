import { ConfigError, type GuestModelsSetting } from "@/lib/config";
import type { ModelInfo } from "./catalog";

/** Who may use which models: guests a subset chosen by GUEST_MODELS, registered users every chat model. */
export type UserTier = "guest" | "registered";

export function tierOf(user: { isGuest: boolean }): UserTier {
  return user.isGuest ? "guest" : "registered";
}

/**
 * Each provider's cheapest chat models by output price, then input price (all of them on a tie, so every free local
 * or demo model): a guest can try each provider without running up the bill of its best models.
 */
export function cheapestChatModelsPerProvider(chatModels: readonly ModelInfo[]): ModelInfo[] {
  const cheapest = new Map<string, ModelInfo["pricing"]>();
  for (const { provider, pricing } of chatModels) {
    const best = cheapest.get(provider);
    const isCheaper =
      !best ||
      pricing.outputPerMillion < best.outputPerMillion ||
      (pricing.outputPerMillion === best.outputPerMillion && pricing.inputPerMillion < best.inputPerMillion);
    if (isCheaper) cheapest.set(provider, pricing);
  }
  return chatModels.filter((model) => {
    const best = cheapest.get(model.provider);
    return best?.outputPerMillion === model.pricing.outputPerMillion && best.inputPerMillion === model.pricing.inputPerMillion;
  });
}

/**
 * The chat models guests may use, in the registry's order. A listed id must be a chat model this server serves, else
 * a ConfigError names GUEST_MODELS. `isDemoOverride` (PLAYWRIGHT: demo models stand in for the configured providers)
 * ignores a list, whose ids name the real providers' models.
 */
export function resolveGuestModels(
  setting: GuestModelsSetting,
  chatModels: readonly ModelInfo[],
  options: { isDemoOverride: boolean } = { isDemoOverride: false },
): ModelInfo[] {
  if (setting === "all") return [...chatModels];
  if (setting === "cheapest" || options.isDemoOverride) return cheapestChatModelsPerProvider(chatModels);
  for (const id of setting) {
    if (!chatModels.some((model) => model.id === id)) {
      const served = chatModels.map((model) => model.id).join(", ");
      throw new ConfigError(`Invalid environment variable GUEST_MODELS: "${id}" is not a chat model this server serves (${served})`);
    }
  }
  return chatModels.filter((model) => setting.includes(model.id));
}
