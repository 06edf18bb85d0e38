/** What the app knows about a model, whichever provider serves it. */
export type ProviderKind = "demo" | "xai" | "openai" | "custom";

export type UseCase = "chat" | "title";

export type ModelCapabilities = {
  vision: boolean;
  reasoning: boolean;
  tools: boolean;
  /** Reads PDF files natively (besides the extracted text every model gets); absent = no. */
  pdf?: boolean;
};

export type ModelInfo = {
  /** Stable id used by clients and stored with chats: "<provider>/<provider model id>". */
  id: string;
  provider: ProviderKind;
  /** The id the provider's API expects. */
  providerModelId: string;
  label: string;
  description: string;
  capabilities: ModelCapabilities;
  contextWindow: number;
  /** US dollars per million tokens; 0 for local and demo models. */
  pricing: { inputPerMillion: number; outputPerMillion: number };
  useCases: readonly UseCase[];
};

/** A model named in XAI_MODELS / OPENAI_MODELS / CUSTOM_AI_MODELS: its provider id and display label. */
export type ModelSetting = { id: string; label: string };

/** The model list a client may see: everything but provider internals. */
export type PublicModel = Pick<ModelInfo, "id" | "label" | "description" | "capabilities" | "provider">;

export const DEMO_MODELS: readonly ModelInfo[] = [
  {
    id: "demo/chat",
    provider: "demo",
    providerModelId: "chat",
    label: "Demo",
    description: "Built-in model for demo mode: describes what you write, no API key needed",
    // Takes images and PDFs, so demo mode shows attachments end to end (it says what arrived rather than seeing it).
    capabilities: { vision: true, reasoning: false, tools: false, pdf: true },
    contextWindow: 128_000,
    pricing: { inputPerMillion: 0, outputPerMillion: 0 },
    useCases: ["chat"],
  },
  {
    id: "demo/mini",
    provider: "demo",
    providerModelId: "mini",
    label: "Demo Mini",
    description: "Built-in small model for background jobs such as titles",
    capabilities: { vision: false, reasoning: false, tools: false },
    contextWindow: 32_000,
    pricing: { inputPerMillion: 0, outputPerMillion: 0 },
    useCases: ["chat", "title"],
  },
  {
    id: "demo/reasoning",
    provider: "demo",
    providerModelId: "reasoning",
    label: "Demo Reasoning",
    description: "Built-in model that thinks out loud before it answers, to show reasoning",
    capabilities: { vision: false, reasoning: true, tools: false },
    contextWindow: 128_000,
    pricing: { inputPerMillion: 0, outputPerMillion: 0 },
    useCases: ["chat"],
  },
];

const FULL_CAPABILITIES: ModelCapabilities = { vision: true, reasoning: true, tools: true };
/** OpenAI's Responses API takes PDFs inline (input_file); xAI's only by URL or Files API id, which this app has not. */
const OPENAI_CAPABILITIES: ModelCapabilities = { ...FULL_CAPABILITIES, pdf: true };

/**
 * xAI's current models (prices as published on docs.x.ai, mid 2026; requests with 200k+ prompt tokens cost more).
 * XAI_MODELS replaces this list.
 */
export const XAI_CATALOG: readonly ModelInfo[] = [
  {
    id: "xai/grok-4.3",
    provider: "xai",
    providerModelId: "grok-4.3",
    label: "Grok 4.3",
    description: "xAI's reasoning model with a 1M-token context, for hard questions and long documents",
    capabilities: FULL_CAPABILITIES,
    contextWindow: 1_000_000,
    pricing: { inputPerMillion: 1.25, outputPerMillion: 2.5 },
    useCases: ["chat"],
  },
  {
    id: "xai/grok-4.20-non-reasoning",
    provider: "xai",
    providerModelId: "grok-4.20-non-reasoning",
    label: "Grok 4.20 Fast",
    description: "Quick answers without a reasoning pass",
    capabilities: { vision: true, reasoning: false, tools: true },
    contextWindow: 1_000_000,
    pricing: { inputPerMillion: 1.25, outputPerMillion: 2.5 },
    useCases: ["chat", "title"],
  },
];

/** OpenAI's current models (prices as published on developers.openai.com, mid 2026). OPENAI_MODELS replaces this list. */
export const OPENAI_CATALOG: readonly ModelInfo[] = [
  {
    id: "openai/gpt-5.5",
    provider: "openai",
    providerModelId: "gpt-5.5",
    label: "GPT-5.5",
    description: "OpenAI's most capable model, for complex work",
    capabilities: OPENAI_CAPABILITIES,
    contextWindow: 1_050_000,
    pricing: { inputPerMillion: 5, outputPerMillion: 30 },
    useCases: ["chat"],
  },
  {
    id: "openai/gpt-5.4-mini",
    provider: "openai",
    providerModelId: "gpt-5.4-mini",
    label: "GPT-5.4 mini",
    description: "Fast and affordable for everyday questions",
    capabilities: OPENAI_CAPABILITIES,
    contextWindow: 400_000,
    pricing: { inputPerMillion: 0.75, outputPerMillion: 4.5 },
    useCases: ["chat", "title"],
  },
  {
    id: "openai/gpt-5.4-nano",
    provider: "openai",
    providerModelId: "gpt-5.4-nano",
    label: "GPT-5.4 nano",
    description: "The cheapest OpenAI model, for short tasks",
    capabilities: OPENAI_CAPABILITIES,
    contextWindow: 400_000,
    pricing: { inputPerMillion: 0.2, outputPerMillion: 1.25 },
    useCases: ["chat", "title"],
  },
];

/** What the app assumes about a model served by an OpenAI-compatible server: it is local (free) and plain. */
const CUSTOM_DEFAULTS = {
  capabilities: { vision: false, reasoning: false, tools: false },
  contextWindow: 32_000,
  pricing: { inputPerMillion: 0, outputPerMillion: 0 },
  useCases: ["chat", "title"],
} as const satisfies Partial<ModelInfo>;

/**
 * The catalog entries of a provider whose list the operator set. A known id keeps its catalog entry (and takes the
 * label when one is given); an unknown id is charged at the provider's highest catalog price, so that cost caps
 * err on the safe side.
 */
export function modelsFromSettings(
  provider: "xai" | "openai",
  settings: readonly ModelSetting[],
  catalog: readonly ModelInfo[],
): ModelInfo[] {
  const highest = {
    inputPerMillion: Math.max(0, ...catalog.map((model) => model.pricing.inputPerMillion)),
    outputPerMillion: Math.max(0, ...catalog.map((model) => model.pricing.outputPerMillion)),
  };
  return settings.map(({ id, label }) => {
    const known = catalog.find((model) => model.providerModelId === id);
    const hasLabel = label !== id;
    if (known) return hasLabel ? { ...known, label } : known;
    return {
      id: `${provider}/${id}`,
      provider,
      providerModelId: id,
      label,
      description: `${label}, configured by the operator`,
      capabilities: { vision: false, reasoning: false, tools: false },
      contextWindow: 128_000,
      pricing: highest,
      useCases: ["chat"],
    };
  });
}

/** Catalog entries for the models of an OpenAI-compatible server (CUSTOM_AI_MODELS). */
export function customModelsFromSettings(
  settings: readonly ModelSetting[],
  prices: Readonly<Record<string, ModelInfo["pricing"]>> = {},
): ModelInfo[] {
  return settings.map(({ id, label }) => ({
    id: `custom/${id}`,
    provider: "custom",
    providerModelId: id,
    label,
    description: `${label} on your OpenAI-compatible server`,
    ...CUSTOM_DEFAULTS,
    // A self-hosted model costs what the operator says it does (CUSTOM_AI_PRICES); nothing by default.
    pricing: prices[id] ?? prices["*"] ?? CUSTOM_DEFAULTS.pricing,
  }));
}
