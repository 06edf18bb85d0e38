import type { ModelInfo } from "./catalog";

/**
 * The routing rule for images. A conversation with images (`hasImageParts`) is answered by
 * `modelForImages(chosen, tierModels)`: the chosen model when it reads images, else the first vision model the
 * user's tier allows; when the monthly budget forces the cheapest model, by `cheapestModelForImages(tierModels)`.
 * Null means none can, and the chat answers 400 instead of sending images to a text-only model. Failover then keeps
 * to `models.filter(canAcceptImages)`.
 */

type MessagePartLike = { type: string; mediaType?: string };

export function canAcceptImages(model: Pick<ModelInfo, "capabilities">): boolean {
  return model.capabilities.vision;
}

export function isImagePart(part: MessagePartLike): boolean {
  return part.type === "file" && typeof part.mediaType === "string" && part.mediaType.toLowerCase().startsWith("image/");
}

export function hasImageParts(parts: readonly MessagePartLike[]): boolean {
  return parts.some(isImagePart);
}

/** The model that should read a message with images: the chosen one if it can, else the first allowed one that can. */
export function modelForImages<T extends Pick<ModelInfo, "capabilities">>(chosen: T, allowed: readonly T[]): T | null {
  if (canAcceptImages(chosen)) return chosen;
  return allowed.find(canAcceptImages) ?? null;
}

/** Cheapest first: by output price, then input price (the registry's order for cheap jobs). */
export function byPrice(a: Pick<ModelInfo, "pricing">, b: Pick<ModelInfo, "pricing">): number {
  return a.pricing.outputPerMillion - b.pricing.outputPerMillion || a.pricing.inputPerMillion - b.pricing.inputPerMillion;
}

/** The cheapest allowed model that reads images (the first listed on a tie), or null when none does. */
export function cheapestModelForImages<T extends Pick<ModelInfo, "capabilities" | "pricing">>(allowed: readonly T[]): T | null {
  return [...allowed].filter(canAcceptImages).sort(byPrice)[0] ?? null;
}
