import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Config } from "@/lib/config";
import { DEMO_MODELS, type ModelInfo, type ProviderKind, type PublicModel, type UseCase } from "./catalog";
import { createDemoModel } from "./demo-model";

/** A provider kind turns its catalog entries into AI SDK language models. */
type ProviderAdapter = {
  kind: ProviderKind;
  models: readonly ModelInfo[];
  languageModel(model: ModelInfo): LanguageModelV4;
};

export type ModelRegistry = {
  /** "demo" when only built-in models answer; "live" when a real provider does. */
  mode: "demo" | "live";
  models: readonly ModelInfo[];
  defaultModelId: string;
  getModel(id: string): ModelInfo | null;
  languageModel(id: string): LanguageModelV4;
  /** The cheapest model serving a use case (by output price, then input price). */
  cheapestModelFor(useCase: UseCase): ModelInfo;
  publicModels(): PublicModel[];
};

function demoAdapter(config: Config): ProviderAdapter {
  return {
    kind: "demo",
    models: DEMO_MODELS,
    languageModel: (model) => createDemoModel({ modelId: model.providerModelId, delayMs: config.ai.demoDelayMs }),
  };
}

/**
 * Adapters by kind. The real providers (xAI, OpenAI, OpenAI-compatible), each built from its own config section,
 * join the list in the providers issue (#4); the demo adapter answers until then and whenever PLAYWRIGHT is set.
 */
function configuredAdapters(config: Config): ProviderAdapter[] {
  return [demoAdapter(config)];
}

export function createModelRegistry(config: Config): ModelRegistry {
  const adapters = configuredAdapters(config);
  const byId = new Map<string, { model: ModelInfo; adapter: ProviderAdapter }>();
  for (const adapter of adapters) {
    for (const model of adapter.models) byId.set(model.id, { model, adapter });
  }
  const models = [...byId.values()].map((entry) => entry.model);
  const firstChatModel = models.find((model) => model.useCases.includes("chat"));
  if (!firstChatModel) throw new Error("No chat model is available in the model registry.");

  const cheapestModelFor = (useCase: UseCase): ModelInfo => {
    const candidates = models.filter((model) => model.useCases.includes(useCase));
    const sorted = [...(candidates.length > 0 ? candidates : models)].sort(
      (a, b) =>
        a.pricing.outputPerMillion - b.pricing.outputPerMillion || a.pricing.inputPerMillion - b.pricing.inputPerMillion,
    );
    return sorted[0] ?? firstChatModel;
  };

  return {
    mode: adapters.every((adapter) => adapter.kind === "demo") ? "demo" : "live",
    models,
    defaultModelId: firstChatModel.id,
    getModel: (id) => byId.get(id)?.model ?? null,
    languageModel(id) {
      const entry = byId.get(id);
      if (!entry) throw new Error(`Unknown model ${id}`);
      return entry.adapter.languageModel(entry.model);
    },
    cheapestModelFor,
    publicModels: () =>
      models
        .filter((model) => model.useCases.includes("chat"))
        .map(({ id, label, description, capabilities, provider }) => ({ id, label, description, capabilities, provider })),
  };
}
