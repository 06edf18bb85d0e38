import "server-only";

import { canAcceptImages } from "./vision";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Config } from "@/lib/config";
import type { ModelInfo, PublicModel, UseCase } from "./catalog";
import { createFailoverModel, type FailoverReport } from "./failover-model";
import { servedModels } from "./configured-models";
import type { UserTier } from "./model-access";
import { configuredAdapters, type ProviderAdapter } from "./provider-adapters";

export type ModelRegistry = {
  /** "demo" when only built-in models answer; "live" when a real provider does. */
  mode: "demo" | "live";
  models: readonly ModelInfo[];
  defaultModelId: string;
  /** AI_TIMEOUT_MS: the longest wait for a first token, and then between tokens. */
  timeoutMs: number;
  getModel(id: string): ModelInfo | null;
  languageModel(id: string): LanguageModelV4;
  /** The cheapest model serving a use case (by output price, then input price; the first listed on a tie). */
  cheapestModelFor(useCase: UseCase): ModelInfo;
  /**
   * The models to try for a request, the chosen one first. Chat falls back to the next configured models in order
   * (only those the tier may use, when one is given); background jobs (titles) to the next cheapest.
   */
  candidatesFor(modelId: string, useCase: UseCase, tier?: UserTier, needsVision?: boolean): ModelInfo[];
  /**
   * A language model that fails over along candidatesFor(modelId, useCase, tier, needsVision) and fills in the
   * report. `needsVision`: the conversation has images, so only models that read them may take over.
   */
  failoverModel(input: { modelId: string; useCase: UseCase; tier?: UserTier; needsVision?: boolean; report: FailoverReport }): LanguageModelV4;
  /** The chat models a tier may use, in registry order: registered users all, guests those GUEST_MODELS allows. */
  modelsForTier(tier: UserTier): readonly ModelInfo[];
  canUseModel(tier: UserTier, modelId: string): boolean;
  /** The default chat model when the tier may use it, else the tier's first model. */
  defaultModelFor(tier: UserTier): ModelInfo;
  /** Every chat model, as clients may see it. */
  publicModels(): PublicModel[];
  /** The chat models a tier may use, as clients may see them (the model picker's list). */
  publicModelsFor(tier: UserTier): PublicModel[];
};

const toPublicModel = ({ id, label, description, capabilities, provider }: ModelInfo): PublicModel => ({
  id,
  label,
  description,
  capabilities,
  provider,
});

const byPrice = (a: ModelInfo, b: ModelInfo) =>
  a.pricing.outputPerMillion - b.pricing.outputPerMillion || a.pricing.inputPerMillion - b.pricing.inputPerMillion;

export function createModelRegistry(config: Config): ModelRegistry {
  const adapters = configuredAdapters(config);
  const byId = new Map<string, { model: ModelInfo; adapter: ProviderAdapter }>();
  for (const adapter of adapters) {
    for (const model of adapter.models) byId.set(model.id, { model, adapter });
  }
  const { models, chatModels, firstChatModel, guestModels } = servedModels(config, adapters);
  const tierModels: Record<UserTier, readonly ModelInfo[]> = { registered: chatModels, guest: guestModels };
  const defaultModelFor = (tier: UserTier): ModelInfo =>
    tierModels[tier].includes(firstChatModel) ? firstChatModel : (tierModels[tier][0] ?? firstChatModel);

  const serving = (useCase: UseCase) => {
    const candidates = models.filter((model) => model.useCases.includes(useCase));
    return candidates.length > 0 ? candidates : models;
  };

  // Provider models are stateless descriptions of an endpoint, and building one compiles the provider's response
  // schemas (about a millisecond for an OpenAI-compatible model): build each once, not on every request.
  const languageModels = new Map<string, LanguageModelV4>();
  const languageModel = (id: string): LanguageModelV4 => {
    const built = languageModels.get(id);
    if (built) return built;
    const entry = byId.get(id);
    if (!entry) throw new Error(`Unknown model ${id}`);
    const model = entry.adapter.languageModel(entry.model);
    languageModels.set(id, model);
    return model;
  };

  const candidatesFor = (modelId: string, useCase: UseCase, tier?: UserTier, needsVision = false): ModelInfo[] => {
    const chosen = byId.get(modelId)?.model;
    if (!chosen) throw new Error(`Unknown model ${modelId}`);
    const allowed = tier ? tierModels[tier] : null;
    const pool = (allowed ? serving(useCase).filter((model) => allowed.includes(model)) : serving(useCase)).filter(
      (model) => !needsVision || canAcceptImages(model),
    );
    let others: ModelInfo[];
    if (useCase === "chat") {
      const index = pool.indexOf(chosen);
      others = index === -1 ? pool : [...pool.slice(index + 1), ...pool.slice(0, index)];
    } else {
      others = [...pool].sort(byPrice);
    }
    return [chosen, ...others.filter((model) => model !== chosen)];
  };

  return {
    mode: adapters.every((adapter) => adapter.kind === "demo") ? "demo" : "live",
    models,
    defaultModelId: firstChatModel.id,
    timeoutMs: config.ai.timeoutMs,
    getModel: (id) => byId.get(id)?.model ?? null,
    languageModel,
    cheapestModelFor: (useCase) => [...serving(useCase)].sort(byPrice)[0] ?? firstChatModel,
    candidatesFor,
    failoverModel: ({ modelId, useCase, tier, needsVision, report }) =>
      createFailoverModel({
        candidates: candidatesFor(modelId, useCase, tier, needsVision).map((info) => ({ info, model: languageModel(info.id) })),
        firstTokenTimeoutMs: config.ai.timeoutMs,
        report,
      }),
    modelsForTier: (tier) => tierModels[tier],
    canUseModel: (tier, modelId) => tierModels[tier].some((model) => model.id === modelId),
    defaultModelFor,
    publicModels: () => chatModels.map(toPublicModel),
    publicModelsFor: (tier) => tierModels[tier].map(toPublicModel),
  };
}
