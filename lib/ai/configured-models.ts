import type { Config } from "@/lib/config";
import {
  customModelsFromSettings,
  DEMO_MODELS,
  type ModelInfo,
  modelsFromSettings,
  OPENAI_CATALOG,
  XAI_CATALOG,
} from "./catalog";
import type { CustomOptions } from "./custom-options";
import { resolveGuestModels } from "./model-access";
import type { OpenAiOptions } from "./openai-options";
import type { XaiOptions } from "./xai-options";

/**
 * Which models this server serves and to whom, from the config and the catalog alone: no provider SDK is loaded
 * here. The boot checks the model settings with it (lib/boot.ts) without evaluating the AI SDK and every provider
 * package a second time in the instrumentation's module graph, which Next.js keeps apart from the routes' own.
 */

/** One configured provider, its settings and the models it serves. */
export type ProviderModels =
  | { kind: "demo"; models: readonly ModelInfo[] }
  | { kind: "xai"; settings: XaiOptions; models: readonly ModelInfo[] }
  | { kind: "openai"; settings: OpenAiOptions; models: readonly ModelInfo[] }
  | { kind: "custom"; settings: CustomOptions; models: readonly ModelInfo[] };

/**
 * The providers that answer: the configured real providers (xAI, OpenAI, OpenAI-compatible, in that order), or the
 * demo models when none is configured or PLAYWRIGHT is set.
 */
export function configuredProviderModels(config: Config): ProviderModels[] {
  const { ai } = config;
  const demo: ProviderModels = { kind: "demo", models: DEMO_MODELS };
  if (ai.forceDemo) return [demo];
  const providers: ProviderModels[] = [];
  if (ai.xai) {
    const models = ai.xai.models ? modelsFromSettings("xai", ai.xai.models, XAI_CATALOG) : XAI_CATALOG;
    providers.push({ kind: "xai", settings: ai.xai, models });
  }
  if (ai.openai) {
    const models = ai.openai.models ? modelsFromSettings("openai", ai.openai.models, OPENAI_CATALOG) : OPENAI_CATALOG;
    providers.push({ kind: "openai", settings: ai.openai, models });
  }
  if (ai.custom) {
    providers.push({ kind: "custom", settings: ai.custom, models: customModelsFromSettings(ai.custom.models, ai.custom.prices) });
  }
  return providers.length > 0 ? providers : [demo];
}

export type ServedModels = {
  /** Every model served, in provider order (an id listed twice is served once: its last entry, at its first place). */
  models: ModelInfo[];
  chatModels: ModelInfo[];
  /** The default chat model. */
  firstChatModel: ModelInfo;
  /** The chat models guests may use (GUEST_MODELS). */
  guestModels: ModelInfo[];
};

/** The models served by `providers`. Throws when none can chat, and a ConfigError when GUEST_MODELS names a model not served. */
export function servedModels(config: Config, providers: readonly Pick<ProviderModels, "models">[] = configuredProviderModels(config)): ServedModels {
  const byId = new Map<string, ModelInfo>();
  for (const provider of providers) {
    for (const model of provider.models) byId.set(model.id, model);
  }
  const models = [...byId.values()];
  const chatModels = models.filter((model) => model.useCases.includes("chat"));
  const firstChatModel = chatModels[0];
  if (!firstChatModel) throw new Error("No chat model is available in the model registry.");
  const guestModels = resolveGuestModels(config.ai.guestModels, chatModels, { isDemoOverride: config.ai.forceDemo });
  return { models, chatModels, firstChatModel, guestModels };
}
