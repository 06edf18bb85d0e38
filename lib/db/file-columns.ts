import type { NewFileInput } from "./store";

/** The columns of a new file row, the same in every store: a document's fields, or an image's empty ones. */
export function newFileColumns(input: NewFileInput) {
  const document = input.document ?? null;
  return {
    id: input.id,
    userId: input.userId,
    name: input.name,
    mediaType: input.mediaType,
    size: input.size,
    storageKey: input.storageKey,
    kind: document?.kind ?? ("image" as const),
    text: document?.text ?? null,
    pageCount: document?.pageCount ?? null,
    charCount: document?.charCount ?? null,
    truncated: document?.truncated ?? false,
  };
}
