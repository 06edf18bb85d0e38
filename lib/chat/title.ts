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

/**
 * A model-written title made fit to show: its first line, without quotes, a "Title:" prefix, Markdown marks or a
 * closing period, and no longer than the provisional one may be. Empty when nothing usable is left.
 */
export function cleanGeneratedTitle(raw: string): string {
  const firstLine =
    raw
      .split("\n")
      .map((line) => line.trim())
      .find(Boolean) ?? "";
  const cleaned = firstLine
    .replace(/^title\s*:\s*/i, "")
    .replace(/^[#*_`>\s-]+|[*_`\s]+$/g, "")
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, "")
    .replace(/[.。]+$/, "")
    .trim();
  return cleaned ? titleFromText(cleaned) : "";
}
