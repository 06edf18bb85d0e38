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

type TitleSourcePart = { type: string; text?: string; filename?: string };

/**
 * The title a new chat gets from its first message until a model-written one replaces it: its first line of text,
 * else the name of its first attachment. The server saves it and the browser shows it at once, from this one rule.
 */
export function provisionalTitle(parts: readonly TitleSourcePart[]): string {
  const text = parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("\n");
  const firstLine = text.split("\n").find((line) => line.trim().length > 0);
  if (firstLine) return titleFromText(firstLine);
  const attachment = parts.find((part) => part.type === "file" && part.filename?.trim());
  return titleFromText(attachment?.filename ?? "");
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

const MINOR_WORDS = new Set(
  "a an and are as at be but by can could do does for from had has have how i in is it me my of on or please should so that the this to was what when where which who why will with would you your".split(" "),
);

/**
 * The demo models' "generated" title: the message's first few significant words in title case. Deterministic and
 * free, so demo mode shows a title arriving beside the first answer without a model call.
 */
export function composeDemoTitle(text: string): string {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const significant = words.filter((word) => !MINOR_WORDS.has(word.toLowerCase())).slice(0, 4);
  const chosen = significant.length > 0 ? significant : words.slice(0, 4);
  return titleFromText(chosen.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" "));
}
