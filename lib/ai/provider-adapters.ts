import "server-only";

import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { AiConfig, Config } from "@/lib/config";
import type { ModelInfo, ProviderKind } from "./catalog";
import { configuredProviderModels, type ProviderModels } from "./configured-models";
import { createDemoModel } from "./demo-model";
import { lazyLanguageModel } from "./lazy-model";
import { SDK_PROVIDER_NAMES } from "./provider-names";

/** A provider kind turns its catalog entries into AI SDK language models. */
export type ProviderAdapter = {
  kind: ProviderKind;
  models: readonly ModelInfo[];
  languageModel(model: ModelInfo): LanguageModelV4;
};

/**
 * OpenAI's Responses API sends a reasoning model's thinking only as a summary, and only when asked: ask, so the
 * chat can show it in the Thinking part. Models without reasoning are not asked (the API refuses the option).
 */
async function withReasoningSummary(model: LanguageModelV4, info: ModelInfo): Promise<LanguageModelV4> {
  if (!info.capabilities.reasoning) return model;
  const { defaultSettingsMiddleware, wrapLanguageModel } = await import("ai");
  return wrapLanguageModel({
    model,
    middleware: defaultSettingsMiddleware({ settings: { providerOptions: { openai: { reasoningSummary: "auto" } } } }),
  });
}

/** Runs `load` once, on the first call, and again only after it failed. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

/**
 * A configured provider's models, turned into AI SDK language models by the provider's SDK. Each SDK package is
 * imported when the first of its models is called (lazy-model.ts): a server with only an OpenAI-compatible endpoint
 * never loads @ai-sdk/openai or @ai-sdk/xai.
 */
function languageModels(provider: ProviderModels, ai: AiConfig): ProviderAdapter["languageModel"] {
  switch (provider.kind) {
    case "demo":
      return (model) =>
        createDemoModel({ modelId: model.providerModelId, delayMs: ai.demoDelayMs, reasoning: model.capabilities.reasoning });
    case "xai": {
      // xAI through its Responses API (`POST /responses`), the only text API @ai-sdk/xai 5 speaks. It has no request
      // option for summaries; whatever reasoning xAI streams reaches the Thinking part.
      const { apiKey, baseURL } = provider.settings;
      const xai = once(async () => (await import("@ai-sdk/xai")).createXai({ apiKey, baseURL }));
      return (model) =>
        lazyLanguageModel({
          provider: SDK_PROVIDER_NAMES.xai,
          modelId: model.providerModelId,
          load: async () => (await xai()).responses(model.providerModelId),
        });
    }
    case "openai": {
      // OpenAI through the Responses API (`POST /responses`), the default of @ai-sdk/openai 4.
      const { apiKey, baseURL } = provider.settings;
      const openai = once(async () => (await import("@ai-sdk/openai")).createOpenAI({ apiKey, baseURL }));
      return (model) =>
        lazyLanguageModel({
          provider: SDK_PROVIDER_NAMES.openai,
          modelId: model.providerModelId,
          load: async () => withReasoningSummary((await openai()).responses(model.providerModelId), model),
        });
    }
    case "custom": {
      // Any OpenAI-compatible server through Chat Completions (`POST /chat/completions`), which Ollama, vLLM, LM
      // Studio, llama.cpp and OpenRouter all speak; usage is requested in the stream so answers can be counted.
      const { apiKey, baseURL } = provider.settings;
      const custom = once(async () =>
        (await import("@ai-sdk/openai-compatible")).createOpenAICompatible({ name: "custom", baseURL, apiKey, includeUsage: true }),
      );
      return (model) =>
        lazyLanguageModel({
          provider: SDK_PROVIDER_NAMES.custom,
          modelId: model.providerModelId,
          load: async () => (await custom()).chatModel(model.providerModelId),
        });
    }
  }
}

/** The adapters that answer, one per configured provider (configured-models.ts says which, in what order). */
export function configuredAdapters(config: Config): ProviderAdapter[] {
  return configuredProviderModels(config).map((provider) => ({
    kind: provider.kind,
    models: provider.models,
    languageModel: languageModels(provider, config.ai),
  }));
}
