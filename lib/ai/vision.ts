import type { ModelInfo } from "./catalog";

/**
 * The routing rule for images, ready for attachments (there is no upload yet, and the chat request accepts text parts
 * only). When uploads arrive, the chat route checks `hasImageParts(message.parts)` and answers with
 * `modelForImages(chosen, tierModels)`: the chosen model when it reads images, else the first vision model the
 * user's tier allows; null means none can, and the route answers 400 instead of sending images to a text-only model.
 * Failover then keeps to `models.filter(canAcceptImages)`.
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
