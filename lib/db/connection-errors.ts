const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * True when an error (or any error in its cause chain, as Drizzle wraps driver errors) means the database
 * could not be reached, rather than that a query was wrong: SQLSTATE class 08 and shutdown codes included.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      if (CONNECTION_ERROR_CODES.has(code)) return true;
      if (/^08...$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03") return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
