import { MAX_TITLE_CHARS } from "./limits";

/** A provisional title from the first message, shown until a model-written one replaces it. */
export function titleFromText(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length === 0) return "New chat";
  if (line.length <= MAX_TITLE_CHARS) return line;
  const cut = line.slice(0, MAX_TITLE_CHARS - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${lastSpace > MAX_TITLE_CHARS / 2 ? cut.slice(0, lastSpace) : cut}…`;
}
