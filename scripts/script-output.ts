/** One-line descriptions for the database scripts' output: safe to print (no passwords) and short. */

/** host/name only: the URL may hold a password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Drizzle wraps driver errors as "Failed query: <the whole migration>"; the driver's message is the useful part.
  const cause = error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  return (typeof code === "string" ? `${cause.message} (${code})` : cause.message).split("\n")[0] ?? "";
}
