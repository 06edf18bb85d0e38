import { describe, expect, it } from "vitest";
import { DEMO_MODELS, type ModelInfo } from "@/lib/ai/catalog";
import { cheapestChatModelsPerProvider, resolveGuestModels, tierOf } from "@/lib/ai/model-access";
import { createModelRegistry } from "@/lib/ai/registry";
import { ConfigError, loadConfig } from "@/lib/config";

type Env = Record<string, string | undefined>;

const PROVIDERS = {
  XAI_API_KEY: "xai-key",
  OPENAI_API_KEY: "sk-key",
  CUSTOM_AI_BASE_URL: "http://localhost:11434/v1",
  CUSTOM_AI_MODELS: "llama3.1:8b=Llama 3.1 8B,qwen2.5",
};

const load = (env: Env) => loadConfig(env, { readDevSecret: () => "a-generated-development-secret" });
const registryFor = (env: Env) => createModelRegistry(load(env));
const idsOf = (models: readonly Pick<ModelInfo, "id">[]) => models.map((model) => model.id);

function model(id: string, outputPerMillion: number, inputPerMillion = 1): ModelInfo {
  const [provider, providerModelId] = id.split("/") as [ModelInfo["provider"], string];
  return {
    id,
    provider,
    providerModelId,
    label: id,
    description: id,
    capabilities: { vision: false, reasoning: false, tools: false },
    contextWindow: 1000,
    pricing: { inputPerMillion, outputPerMillion },
    useCases: ["chat"],
  };
}

describe("tierOf", () => {
  it("puts guests in the guest tier and everyone else in the registered tier", () => {
    expect(tierOf({ isGuest: true })).toBe("guest");
    expect(tierOf({ isGuest: false })).toBe("registered");
  });
});

describe("cheapestChatModelsPerProvider", () => {
  it("keeps each provider's cheapest models by output, then input price, ties included, in order", () => {
    const models = [
      model("openai/big", 30, 5),
      model("xai/a", 2.5, 1.25),
      model("openai/nano", 1.25, 0.2),
      model("xai/b", 2.5, 1.25),
      model("openai/nano-pricier-input", 1.25, 0.3),
      model("custom/x", 0, 0),
      model("custom/y", 0, 0),
    ];
    expect(idsOf(cheapestChatModelsPerProvider(models))).toEqual(["xai/a", "openai/nano", "xai/b", "custom/x", "custom/y"]);
  });
});

describe("resolveGuestModels", () => {
  const models = [model("xai/a", 2.5), model("openai/big", 30), model("openai/nano", 1)];

  it.each([
    { setting: "cheapest" as const, expected: ["xai/a", "openai/nano"] },
    { setting: "all" as const, expected: ["xai/a", "openai/big", "openai/nano"] },
    { setting: ["openai/nano", "openai/big"], expected: ["openai/big", "openai/nano"] },
  ])("resolves $setting in registry order", ({ setting, expected }) => {
    expect(idsOf(resolveGuestModels(setting, models))).toEqual(expected);
  });

  it("throws a ConfigError naming GUEST_MODELS for an id the server does not serve", () => {
    expect(() => resolveGuestModels(["openai/nano", "openai/gpt-9"], models)).toThrow(ConfigError);
    expect(() => resolveGuestModels(["openai/gpt-9"], models)).toThrow(
      /^Invalid environment variable GUEST_MODELS: "openai\/gpt-9" is not a chat model this server serves/,
    );
  });

  it("ignores a list while demo models stand in for the providers (PLAYWRIGHT)", () => {
    expect(idsOf(resolveGuestModels(["openai/gpt-9"], models, { isDemoOverride: true }))).toEqual(["xai/a", "openai/nano"]);
  });
});

describe("models per tier in the registry", () => {
  it("gives guests each provider's cheapest chat models by default and registered users every chat model", () => {
    const registry = registryFor(PROVIDERS);
    expect(idsOf(registry.modelsForTier("guest"))).toEqual([
      "xai/grok-4.3",
      "xai/grok-4.20-non-reasoning",
      "openai/gpt-5.4-nano",
      "custom/llama3.1:8b",
      "custom/qwen2.5",
    ]);
    expect(idsOf(registry.modelsForTier("registered"))).toEqual(idsOf(registry.publicModels()));
    expect(registry.canUseModel("guest", "openai/gpt-5.5")).toBe(false);
    expect(registry.canUseModel("registered", "openai/gpt-5.5")).toBe(true);
    expect(registry.canUseModel("registered", "nope/missing")).toBe(false);
  });

  it("gives guests every demo model in demo mode", () => {
    const registry = registryFor({});
    const chatDemoModels = DEMO_MODELS.filter((info) => info.useCases.includes("chat"));
    expect(idsOf(registry.modelsForTier("guest"))).toEqual(idsOf(chatDemoModels));
    expect(idsOf(registry.publicModelsFor("guest"))).toContain("demo/reasoning");
  });

  it("applies GUEST_MODELS and moves a guest's default to their first model", () => {
    const registry = registryFor({ ...PROVIDERS, GUEST_MODELS: "custom/qwen2.5, openai/gpt-5.4-mini" });
    expect(idsOf(registry.modelsForTier("guest"))).toEqual(["openai/gpt-5.4-mini", "custom/qwen2.5"]);
    expect(registry.defaultModelFor("guest").id).toBe("openai/gpt-5.4-mini");
    expect(registry.defaultModelFor("registered").id).toBe("xai/grok-4.3");
    expect(idsOf(registry.publicModelsFor("guest"))).toEqual(["openai/gpt-5.4-mini", "custom/qwen2.5"]);
  });

  it("lets guests use everything with GUEST_MODELS=all", () => {
    const registry = registryFor({ ...PROVIDERS, GUEST_MODELS: "all" });
    expect(idsOf(registry.modelsForTier("guest"))).toEqual(idsOf(registry.modelsForTier("registered")));
  });

  it("fails over only to models the tier may use", () => {
    const registry = registryFor({ ...PROVIDERS, GUEST_MODELS: "openai/gpt-5.4-nano,custom/qwen2.5,xai/grok-4.3" });
    expect(idsOf(registry.candidatesFor("openai/gpt-5.4-nano", "chat", "guest"))).toEqual([
      "openai/gpt-5.4-nano",
      "custom/qwen2.5",
      "xai/grok-4.3",
    ]);
    expect(idsOf(registry.candidatesFor("openai/gpt-5.4-nano", "chat", "registered"))).toEqual([
      "openai/gpt-5.4-nano",
      "custom/llama3.1:8b",
      "custom/qwen2.5",
      "xai/grok-4.3",
      "xai/grok-4.20-non-reasoning",
      "openai/gpt-5.5",
      "openai/gpt-5.4-mini",
    ]);
  });

  it("refuses to build with a GUEST_MODELS id that no configured provider serves", () => {
    expect(() => registryFor({ XAI_API_KEY: "k", GUEST_MODELS: "openai/gpt-5.4-nano" })).toThrow(
      /^Invalid environment variable GUEST_MODELS: "openai\/gpt-5.4-nano"/,
    );
  });

  it("builds under PLAYWRIGHT with a GUEST_MODELS list meant for the real providers", () => {
    const registry = registryFor({ ...PROVIDERS, PLAYWRIGHT: "1", GUEST_MODELS: "openai/gpt-5.4-nano" });
    expect(registry.mode).toBe("demo");
    expect(registry.canUseModel("guest", "demo/reasoning")).toBe(true);
  });
});

describe("GUEST_MODELS in the config", () => {
  it.each([
    { raw: undefined, expected: "cheapest" },
    { raw: "", expected: "cheapest" },
    { raw: "cheapest", expected: "cheapest" },
    { raw: " all ", expected: "all" },
    { raw: "openai/gpt-5.4-nano, custom/llama3.1:8b,openai/gpt-5.4-nano", expected: ["openai/gpt-5.4-nano", "custom/llama3.1:8b"] },
  ])("reads $raw as $expected", ({ raw, expected }) => {
    expect(load({ GUEST_MODELS: raw }).ai.guestModels).toEqual(expected);
  });

  it.each(["gpt-5.4-nano", "anthropic/claude", "all,openai/gpt-5.4-nano", "openai/", ",,"])(
    "rejects GUEST_MODELS=%j with one line naming the variable",
    (raw) => {
      let message = "";
      try {
        load({ GUEST_MODELS: raw });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid environment variable GUEST_MODELS: /);
      expect(message).not.toContain("\n");
    },
  );
});
