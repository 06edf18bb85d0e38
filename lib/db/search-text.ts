/** How much of a matching message the search results show around the match. */
const SNIPPET_BEFORE = 40;
const SNIPPET_AFTER = 100;

/** Escapes LIKE/ILIKE wildcards so a user's `%` or `_` matches literally (backslash is PostgreSQL's default escape). */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** True when `text` contains `query`, ignoring case, as ILIKE does for the scripts users type. */
export function containsIgnoringCase(text: string, query: string): boolean {
  return text.toLocaleLowerCase().includes(query.toLocaleLowerCase());
}

/** A one-line excerpt of `text` around the first match of `query`, with ellipses where it was cut. */
export function snippetAround(text: string, query: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const at = Math.max(0, flat.toLocaleLowerCase().indexOf(query.toLocaleLowerCase()));
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(flat.length, at + query.length + SNIPPET_AFTER);
  return `${start > 0 ? "…" : ""}${flat.slice(start, end).trim()}${end < flat.length ? "…" : ""}`;
}
