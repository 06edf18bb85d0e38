import { AppError } from "@/lib/errors";

/** SQLSTATEs and client error codes that mean "the database is not answering", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "3D000", // database does not exist
  "53300", // too many connections
  "57P01", // admin shutdown
  "57P02", // crash shutdown
  "57P03", // cannot connect now (starting up)
]);

/** The driver's error code; Drizzle wraps driver errors in DrizzleQueryError, so the code may sit on a cause. */
export function driverErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** True when an error means the database could not be reached or used at all, rather than that a query was wrong. */
export function isConnectionError(error: unknown): boolean {
  const code = driverErrorCode(error);
  // Class 08 is connection exceptions, 28 is authentication: either way the store cannot be used.
  return code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith("08") || code.startsWith("28"));
}

/** Seconds a client should wait before trying again after a 503 database_unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The error every store call ends with when the database cannot answer: 503, with Retry-After. */
export function databaseUnavailable(cause?: unknown): AppError {
  return new AppError("database_unavailable", "The database is not available. Try again in a moment.", {
    cause,
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}
