import { describe, expect, it } from "vitest";
import { DEMO_MODELS } from "@/lib/ai/catalog";
import { createModelRegistry } from "@/lib/ai/registry";
import { loadConfig } from "@/lib/config";

function demoRegistry() {
  return createModelRegistry(loadConfig({}, { readDevSecret: () => "a-generated-development-secret" }));
}

describe("createModelRegistry without a provider", () => {
  it("runs in demo mode", () => {
    expect(demoRegistry().mode).toBe("demo");
  });

  it("lists the demo models", () => {
    expect(demoRegistry().models.map((model) => model.id)).toEqual(DEMO_MODELS.map((model) => model.id));
  });

  it("defaults to a model that serves chat", () => {
    const registry = demoRegistry();
    expect(registry.getModel(registry.defaultModelId)?.useCases).toContain("chat");
  });

  it("returns the catalog entry for a known id", () => {
    const [first] = DEMO_MODELS;
    expect(demoRegistry().getModel(first?.id ?? "")).toEqual(first);
  });

  it.each(["nope/missing", "", "chat"])("returns null for the unknown id %j", (id) => {
    expect(demoRegistry().getModel(id)).toBeNull();
  });

  it("builds a language model that calls the provider by its own model id", () => {
    const registry = demoRegistry();
    const info = registry.getModel(registry.defaultModelId);
    const model = registry.languageModel(registry.defaultModelId);
    expect(model.provider).toBe(info?.provider);
    expect(model.modelId).toBe(info?.providerModelId);
  });

  it("throws for an unknown model id", () => {
    expect(() => demoRegistry().languageModel("nope/missing")).toThrow(/nope\/missing/);
  });

  it("picks a model serving titles for the title job", () => {
    expect(demoRegistry().cheapestModelFor("title").useCases).toContain("title");
  });

  it("exposes only chat models to clients, without provider internals", () => {
    const registry = demoRegistry();
    const publicModels = registry.publicModels();
    const chatIds = registry.models.filter((model) => model.useCases.includes("chat")).map((model) => model.id);
    expect(publicModels.map((model) => model.id)).toEqual(chatIds);
    for (const model of publicModels) {
      expect(model).not.toHaveProperty("providerModelId");
      expect(model).not.toHaveProperty("pricing");
      expect(model).not.toHaveProperty("contextWindow");
      expect(model).not.toHaveProperty("useCases");
      expect(Object.keys(model).sort()).toEqual(["capabilities", "description", "id", "label", "provider"]);
    }
  });
});
