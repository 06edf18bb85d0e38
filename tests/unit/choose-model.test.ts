import { describe, expect, it } from "vitest";
import { createModelRegistry } from "@/lib/ai/registry";
import { chooseModels, requireRequestedModel } from "@/lib/chat/choose-model";
import { loadConfig } from "@/lib/config";

const registry = createModelRegistry(
  loadConfig({ OPENAI_API_KEY: "sk-key", XAI_API_KEY: "xai-key" }, { readDevSecret: () => "a-generated-development-secret" }),
);
const model = (id: string) => registry.getModel(id)!;

function choose(input: Partial<Parameters<typeof chooseModels>[0]>) {
  const { chosen, answering } = chooseModels({
    registry,
    tier: "registered",
    requested: null,
    rememberedId: null,
    forceCheapest: false,
    needsVision: false,
    ...input,
  });
  return { chosen: chosen.id, answering: answering.id };
}

describe("requireRequestedModel", () => {
  it("accepts a chat model of the tier and refuses unknown ones (400) and others' (403)", () => {
    expect(requireRequestedModel(registry, "guest", "openai/gpt-5.4-nano").id).toBe("openai/gpt-5.4-nano");
    expect(() => requireRequestedModel(registry, "guest", "gpt-17")).toThrow(expect.objectContaining({ code: "unknown_model" }));
    expect(() => requireRequestedModel(registry, "guest", "openai/gpt-5.5")).toThrow(
      expect.objectContaining({ code: "forbidden", message: expect.stringMatching(/^Sign up to use GPT-5\.5\./) }),
    );
  });
});

describe("chooseModels", () => {
  it.each([
    { name: "the requested model", input: { requested: model("openai/gpt-5.5"), rememberedId: "xai/grok-4.3" }, expected: "openai/gpt-5.5" },
    { name: "else the chat's remembered model", input: { rememberedId: "openai/gpt-5.4-mini" }, expected: "openai/gpt-5.4-mini" },
    { name: "else the default", input: {}, expected: "xai/grok-4.3" },
    { name: "the default when the remembered one is gone", input: { rememberedId: "custom/retired" }, expected: "xai/grok-4.3" },
    { name: "the default when the tier no longer allows the remembered one", input: { tier: "guest" as const, rememberedId: "openai/gpt-5.5" }, expected: "xai/grok-4.3" },
  ])("answers with $name", ({ input, expected }) => {
    expect(choose(input)).toEqual({ chosen: expected, answering: expected });
  });

  it("answers with the tier's cheapest model when the budget says so, still remembering the choice", () => {
    expect(choose({ requested: model("openai/gpt-5.5"), forceCheapest: true })).toEqual({ chosen: "openai/gpt-5.5", answering: "openai/gpt-5.4-nano" });
  });

  it("sends images to a model that reads them: the chosen one, else the first allowed, the cheapest under the budget", () => {
    const demo = createModelRegistry(loadConfig({}, { readDevSecret: () => "a-generated-development-secret" }));
    const run = (input: { forceCheapest: boolean }) =>
      chooseModels({ registry: demo, tier: "guest", requested: demo.getModel("demo/reasoning"), rememberedId: null, needsVision: true, ...input });
    expect(run({ forceCheapest: false }).answering.id).toBe("demo/chat");
    expect(run({ forceCheapest: true }).answering.capabilities.vision).toBe(true);
    expect(choose({ requested: model("openai/gpt-5.5"), needsVision: true }).answering).toBe("openai/gpt-5.5");
    expect(choose({ requested: model("openai/gpt-5.5"), needsVision: true, forceCheapest: true }).answering).toBe("openai/gpt-5.4-nano");
  });

  it("refuses images with 400 when no allowed model reads them", () => {
    const textOnly = createModelRegistry(
      loadConfig({ CUSTOM_AI_BASE_URL: "http://127.0.0.1:9/v1", CUSTOM_AI_MODELS: "llama" }, { readDevSecret: () => "a-generated-development-secret" }),
    );
    expect(() =>
      chooseModels({ registry: textOnly, tier: "guest", requested: null, rememberedId: null, forceCheapest: false, needsVision: true }),
    ).toThrow(expect.objectContaining({ code: "bad_request", message: expect.stringMatching(/reads images/) }));
  });
});
