import "server-only";

import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { defaultSettingsMiddleware, wrapLanguageModel } from "ai";
import { createXai } from "@ai-sdk/xai";
import type { AiConfig, Config } from "@/lib/config";
import {
  customModelsFromSettings,
  DEMO_MODELS,
  type ModelInfo,
  modelsFromSettings,
  OPENAI_CATALOG,
  type ProviderKind,
  XAI_CATALOG,
} from "./catalog";
import type { CustomOptions } from "./custom-options";
import { createDemoModel } from "./demo-model";
import type { OpenAiOptions } from "./openai-options";
import type { XaiOptions } from "./xai-options";

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

export function demoAdapter(ai: AiConfig): ProviderAdapter {
  return {
    kind: "demo",
    models: DEMO_MODELS,
    languageModel: (model) =>
      createDemoModel({ modelId: model.providerModelId, delayMs: ai.demoDelayMs, reasoning: model.capabilities.reasoning }),
  };
}

/** xAI through its Responses API (`POST /responses`), the only text API @ai-sdk/xai 5 speaks. */
export function xaiAdapter(settings: XaiOptions): ProviderAdapter {
  const provider = createXai({ apiKey: settings.apiKey, baseURL: settings.baseURL });
  return {
    kind: "xai",
    models: settings.models ? modelsFromSettings("xai", settings.models, XAI_CATALOG) : XAI_CATALOG,
    // @ai-sdk/xai 5 has no request option for summaries; whatever reasoning xAI streams reaches the Thinking part.
    languageModel: (model) => provider.responses(model.providerModelId),
  };
}

/** OpenAI through the Responses API (`POST /responses`), the default of @ai-sdk/openai 4. */
export function openaiAdapter(settings: OpenAiOptions): ProviderAdapter {
  const provider = createOpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL });
  return {
    kind: "openai",
    models: settings.models ? modelsFromSettings("openai", settings.models, OPENAI_CATALOG) : OPENAI_CATALOG,
    languageModel: (model) => withReasoningSummary(provider.responses(model.providerModelId), model),
  };
}

/**
 * Any OpenAI-compatible server through Chat Completions (`POST /chat/completions`), which Ollama, vLLM, LM Studio,
 * llama.cpp and OpenRouter all speak; usage is requested in the stream so answers can be counted.
 */
export function customAdapter(settings: CustomOptions): ProviderAdapter {
  const provider = createOpenAICompatible({
    name: "custom",
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    includeUsage: true,
  });
  return {
    kind: "custom",
    models: customModelsFromSettings(settings.models, settings.prices),
    languageModel: (model) => provider.chatModel(model.providerModelId),
  };
}

/**
 * The adapters that answer: the configured real providers (xAI, OpenAI, OpenAI-compatible, in that order), or the
 * demo models when none is configured or PLAYWRIGHT is set.
 */
export function configuredAdapters(config: Config): ProviderAdapter[] {
  const { ai } = config;
  if (ai.forceDemo) return [demoAdapter(ai)];
  const adapters: ProviderAdapter[] = [];
  if (ai.xai) adapters.push(xaiAdapter(ai.xai));
  if (ai.openai) adapters.push(openaiAdapter(ai.openai));
  if (ai.custom) adapters.push(customAdapter(ai.custom));
  return adapters.length > 0 ? adapters : [demoAdapter(ai)];
}
