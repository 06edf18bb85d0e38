/** What the app knows about a model, whichever provider serves it. */
export type ProviderKind = "demo" | "xai" | "openai" | "custom";

export type UseCase = "chat" | "title";

export type ModelCapabilities = { vision: boolean; reasoning: boolean; tools: boolean };

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

/** The model list a client may see: everything but provider internals. */
export type PublicModel = Pick<ModelInfo, "id" | "label" | "description" | "capabilities" | "provider">;

export const DEMO_MODELS: readonly ModelInfo[] = [
  {
    id: "demo/chat",
    provider: "demo",
    providerModelId: "chat",
    label: "Demo",
    description: "Built-in model for demo mode: describes what you write, no API key needed",
    capabilities: { vision: false, reasoning: false, tools: false },
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
];
