import { describe, expect, it } from "vitest";
import { DEMO_MODELS, OPENAI_CATALOG, XAI_CATALOG } from "@/lib/ai/catalog";
import { canAcceptImages, cheapestModelForImages, hasImageParts, isImagePart, modelForImages } from "@/lib/ai/vision";

const byId = (id: string) => [...DEMO_MODELS, ...XAI_CATALOG, ...OPENAI_CATALOG].find((model) => model.id === id)!;

describe("canAcceptImages", () => {
  it.each([
    { id: "openai/gpt-5.4-nano", expected: true },
    { id: "xai/grok-4.20-non-reasoning", expected: true },
    { id: "demo/chat", expected: true },
    { id: "demo/reasoning", expected: false },
  ])("is $expected for $id", ({ id, expected }) => {
    expect(canAcceptImages(byId(id))).toBe(expected);
  });
});

describe("image parts", () => {
  it.each([
    { part: { type: "file", mediaType: "image/png" }, expected: true },
    { part: { type: "file", mediaType: "IMAGE/JPEG" }, expected: true },
    { part: { type: "file", mediaType: "application/pdf" }, expected: false },
    { part: { type: "file" }, expected: false },
    { part: { type: "text", mediaType: "image/png" }, expected: false },
  ])("isImagePart($part) is $expected", ({ part, expected }) => {
    expect(isImagePart(part)).toBe(expected);
  });

  it("finds an image among a message's parts", () => {
    expect(hasImageParts([{ type: "text" }, { type: "file", mediaType: "image/webp" }])).toBe(true);
    expect(hasImageParts([{ type: "text" }, { type: "file", mediaType: "text/plain" }])).toBe(false);
    expect(hasImageParts([])).toBe(false);
  });
});

describe("modelForImages", () => {
  const text = byId("demo/reasoning");
  const vision = byId("openai/gpt-5.4-nano");
  const otherVision = byId("xai/grok-4.3");

  it("keeps the chosen model when it reads images", () => {
    expect(modelForImages(otherVision, [text, vision, otherVision])).toBe(otherVision);
  });

  it("moves to the first allowed vision model when the chosen one is text-only", () => {
    expect(modelForImages(text, [text, vision, otherVision])).toBe(vision);
  });

  it("finds none when no allowed model reads images", () => {
    expect(modelForImages(text, [text, byId("demo/mini")])).toBeNull();
  });
});

describe("cheapestModelForImages", () => {
  it("picks the cheapest allowed model that reads images, skipping cheaper text-only ones", () => {
    const models = [byId("openai/gpt-5.5"), byId("demo/reasoning"), byId("openai/gpt-5.4-nano"), byId("openai/gpt-5.4-mini")];
    expect(cheapestModelForImages(models)?.id).toBe("openai/gpt-5.4-nano");
    expect(cheapestModelForImages([byId("demo/reasoning")])).toBeNull();
  });
});
