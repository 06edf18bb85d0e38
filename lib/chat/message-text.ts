import type { ChatMessage } from "./types";

type TextPartType = "text" | "reasoning";

/** A message's text and reasoning (or only the part types asked for), in the order written, joined by `separator`. */
export function textOf(
  message: Pick<ChatMessage, "parts"> | undefined,
  { types = ["text", "reasoning"], separator = "" }: { types?: readonly TextPartType[]; separator?: string } = {},
): string {
  return (message?.parts ?? [])
    .flatMap((part) => ((part.type === "text" || part.type === "reasoning") && types.includes(part.type) ? [part.text] : []))
    .join(separator);
}
