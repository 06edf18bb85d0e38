import { describe, expect, it } from "vitest";
import { DEMO_MODELS, OPENAI_CATALOG, XAI_CATALOG } from "@/lib/ai/catalog";
import { createModelRegistry } from "@/lib/ai/registry";
import { ConfigError, loadConfig } from "@/lib/config";

type Env = Record<string, string | undefined>;

const XAI = { XAI_API_KEY: "xai-key" };
const OPENAI = { OPENAI_API_KEY: "sk-key" };
const CUSTOM = { CUSTOM_AI_BASE_URL: "http://localhost:11434/v1", CUSTOM_AI_MODELS: "llama3.1:8b=Llama 3.1 8B,qwen2.5" };

function registryFor(env: Env) {
  return createModelRegistry(loadConfig(env, { readDevSecret: () => "a-generated-development-secret" }));
}

const ids = (env: Env) => registryFor(env).models.map((model) => model.id);

describe("which models answer", () => {
  it.each([
    { name: "no provider", env: {}, expected: DEMO_MODELS.map((model) => model.id), mode: "demo" },
    { name: "xAI", env: XAI, expected: XAI_CATALOG.map((model) => model.id), mode: "live" },
    { name: "OpenAI", env: OPENAI, expected: OPENAI_CATALOG.map((model) => model.id), mode: "live" },
    { name: "an OpenAI-compatible server", env: CUSTOM, expected: ["custom/llama3.1:8b", "custom/qwen2.5"], mode: "live" },
    {
      name: "all three, in the order xAI, OpenAI, custom",
      env: { ...CUSTOM, ...OPENAI, ...XAI },
      expected: [...XAI_CATALOG, ...OPENAI_CATALOG].map((model) => model.id).concat(["custom/llama3.1:8b", "custom/qwen2.5"]),
      mode: "live",
    },
    { name: "PLAYWRIGHT with every provider", env: { PLAYWRIGHT: "1", ...XAI, ...OPENAI, ...CUSTOM }, expected: DEMO_MODELS.map((model) => model.id), mode: "demo" },
  ] as const)("with $name: $mode", ({ env, expected, mode }) => {
    const registry = registryFor(env);
    expect(registry.models.map((model) => model.id)).toEqual(expected);
    expect(registry.mode).toBe(mode);
    expect(registry.defaultModelId).toBe(expected[0]);
  });

  it.each([
    { modelId: "xai/grok-4.3", env: XAI, provider: "xai.responses", providerModelId: "grok-4.3" },
    { modelId: "openai/gpt-5.5", env: OPENAI, provider: "openai.responses", providerModelId: "gpt-5.5" },
    { modelId: "custom/llama3.1:8b", env: CUSTOM, provider: "custom.chat", providerModelId: "llama3.1:8b" },
  ])("builds $modelId with the $provider client", ({ modelId, env, provider, providerModelId }) => {
    const model = registryFor(env).languageModel(modelId);
    expect(model.provider).toBe(provider);
    expect(model.modelId).toBe(providerModelId);
  });

  it("labels custom models as configured and treats them as free", () => {
    const registry = registryFor(CUSTOM);
    expect(registry.getModel("custom/llama3.1:8b")).toMatchObject({ label: "Llama 3.1 8B", pricing: { inputPerMillion: 0, outputPerMillion: 0 } });
    expect(registry.getModel("custom/qwen2.5")?.label).toBe("qwen2.5");
  });

  it("gives every catalog model a label, a context size, prices and the chat or title use case", () => {
    for (const model of [...XAI_CATALOG, ...OPENAI_CATALOG]) {
      expect(model.id).toBe(`${model.provider}/${model.providerModelId}`);
      expect(model.label.length).toBeGreaterThan(0);
      expect(model.contextWindow).toBeGreaterThan(100_000);
      expect(model.pricing.inputPerMillion).toBeGreaterThan(0);
      expect(model.pricing.outputPerMillion).toBeGreaterThanOrEqual(model.pricing.inputPerMillion);
      expect(model.useCases.length).toBeGreaterThan(0);
    }
  });
});

describe("model list overrides", () => {
  it("replaces the xAI list, keeping what the catalog knows about a listed model", () => {
    const registry = registryFor({ ...XAI, XAI_MODELS: "grok-4.3, grok-9=Grok Nine" });
    expect(registry.models.map((model) => model.id)).toEqual(["xai/grok-4.3", "xai/grok-9"]);
    expect(registry.getModel("xai/grok-4.3")).toEqual(XAI_CATALOG[0]);
  });

  it("takes a new label for a known model", () => {
    const registry = registryFor({ ...OPENAI, OPENAI_MODELS: "gpt-5.4-mini=Everyday" });
    expect(registry.getModel("openai/gpt-5.4-mini")).toEqual({ ...OPENAI_CATALOG[1], label: "Everyday" });
  });

  it("charges an unknown model at the provider's highest price so that caps err on the safe side", () => {
    const model = registryFor({ ...OPENAI, OPENAI_MODELS: "gpt-next=GPT Next" }).getModel("openai/gpt-next");
    expect(model).toMatchObject({ provider: "openai", providerModelId: "gpt-next", label: "GPT Next", useCases: ["chat"] });
    expect(model?.pricing).toEqual({
      inputPerMillion: Math.max(...OPENAI_CATALOG.map((entry) => entry.pricing.inputPerMillion)),
      outputPerMillion: Math.max(...OPENAI_CATALOG.map((entry) => entry.pricing.outputPerMillion)),
    });
  });

  it("ignores a list for a provider without a key", () => {
    expect(ids({ ...OPENAI, XAI_MODELS: "grok-4.3" })).toEqual(OPENAI_CATALOG.map((model) => model.id));
  });

  it.each(["XAI_MODELS", "OPENAI_MODELS"])("rejects an empty %s", (variable) => {
    expect(() => loadConfig({ [variable]: " , " }, { readDevSecret: () => "a-generated-development-secret" })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: " , " }, { readDevSecret: () => "a-generated-development-secret" })).toThrow(variable);
  });
});

describe("cheapest model and failover order", () => {
  it.each([
    { name: "xAI", env: XAI, expected: "xai/grok-4.20-non-reasoning" },
    { name: "OpenAI", env: OPENAI, expected: "openai/gpt-5.4-nano" },
    { name: "xAI and OpenAI", env: { ...XAI, ...OPENAI }, expected: "openai/gpt-5.4-nano" },
    { name: "all three", env: { ...XAI, ...OPENAI, ...CUSTOM }, expected: "custom/llama3.1:8b" },
  ])("titles go to $expected with $name", ({ env, expected }) => {
    expect(registryFor(env).cheapestModelFor("title").id).toBe(expected);
  });

  it("falls back to any model when none serves the use case", () => {
    const registry = registryFor({ ...OPENAI, OPENAI_MODELS: "gpt-next,gpt-later" });
    expect(registry.cheapestModelFor("title").id).toBe("openai/gpt-next");
  });

  it("tries the chosen chat model first, then the next configured ones, wrapping around", () => {
    const registry = registryFor({ ...XAI, ...OPENAI });
    expect(registry.candidatesFor("openai/gpt-5.4-mini", "chat").map((model) => model.id)).toEqual([
      "openai/gpt-5.4-mini",
      "openai/gpt-5.4-nano",
      "xai/grok-4.3",
      "xai/grok-4.20-non-reasoning",
      "openai/gpt-5.5",
    ]);
  });

  it("falls back for titles from the cheapest upwards", () => {
    const registry = registryFor({ ...XAI, ...OPENAI });
    expect(registry.candidatesFor(registry.cheapestModelFor("title").id, "title").map((model) => model.id)).toEqual([
      "openai/gpt-5.4-nano",
      "xai/grok-4.20-non-reasoning",
      "openai/gpt-5.4-mini",
    ]);
  });

  it("throws for an unknown model", () => {
    expect(() => registryFor(XAI).candidatesFor("openai/gpt-5.5", "chat")).toThrow(/openai\/gpt-5.5/);
  });
});
