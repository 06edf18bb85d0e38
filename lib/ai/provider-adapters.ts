import "server-only";

import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { defaultSettingsMiddleware, wrapLanguageModel } from "ai";
import { createXai } from "@ai-sdk/xai";
import type { AiConfig, Config } from "@/lib/config";
import type { ModelInfo, ProviderKind } from "./catalog";
import { configuredProviderModels, type ProviderModels } from "./configured-models";
import { createDemoModel } from "./demo-model";

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
function withReasoningSummary(model: LanguageModelV4, info: ModelInfo): LanguageModelV4 {
  if (!info.capabilities.reasoning) return model;
  return wrapLanguageModel({
    model,
    middleware: defaultSettingsMiddleware({ settings: { providerOptions: { openai: { reasoningSummary: "auto" } } } }),
  });
}

/** A configured provider's models, turned into AI SDK language models by the provider's SDK. */
function languageModels(provider: ProviderModels, ai: AiConfig): ProviderAdapter["languageModel"] {
  switch (provider.kind) {
    case "demo":
      return (model) =>
        createDemoModel({ modelId: model.providerModelId, delayMs: ai.demoDelayMs, reasoning: model.capabilities.reasoning });
    case "xai": {
      // xAI through its Responses API (`POST /responses`), the only text API @ai-sdk/xai 5 speaks. It has no request
      // option for summaries; whatever reasoning xAI streams reaches the Thinking part.
      const xai = createXai({ apiKey: provider.settings.apiKey, baseURL: provider.settings.baseURL });
      return (model) => xai.responses(model.providerModelId);
    }
    case "openai": {
      // OpenAI through the Responses API (`POST /responses`), the default of @ai-sdk/openai 4.
      const openai = createOpenAI({ apiKey: provider.settings.apiKey, baseURL: provider.settings.baseURL });
      return (model) => withReasoningSummary(openai.responses(model.providerModelId), model);
    }
    case "custom": {
      // Any OpenAI-compatible server through Chat Completions (`POST /chat/completions`), which Ollama, vLLM, LM
      // Studio, llama.cpp and OpenRouter all speak; usage is requested in the stream so answers can be counted.
      const custom = createOpenAICompatible({
        name: "custom",
        baseURL: provider.settings.baseURL,
        apiKey: provider.settings.apiKey,
        includeUsage: true,
      });
      return (model) => custom.chatModel(model.providerModelId);
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
