import { AppError } from "@/lib/errors";
import { parseIsoInstant } from "@/lib/http/iso-instant";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A cursor's timestamp: UTC with six fractional digits, as PostgreSQL prints a timestamptz to the microsecond. */
const CURSOR_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const isUuid = (id: string): boolean => UUID_PATTERN.test(id);

/**
 * The id lower-cased, as PostgreSQL prints uuids, so ids that differ only in case are one id in every store; null
 * when it is not a UUID (PostgreSQL would refuse it with an error where a lookup should simply find nothing).
 */
export function normalizeUuid(id: string): string | null {
  return isUuid(id) ? id.toLowerCase() : null;
}

export function requireUuid(id: string, what: string): string {
  const normalized = normalizeUuid(id);
  if (!normalized) throw new AppError("bad_request", `${what} must be a UUID`);
  return normalized;
}

export function requirePageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new AppError("bad_request", "limit must be a positive integer");
}

/** A position in a user's chat list (newest first): the last chat of a page, by `updatedAt` (see CURSOR_TIME_PATTERN). */
export function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString("base64url");
}

/** The position a cursor names; `time` is `updatedAt` in milliseconds. Throws AppError `bad_request` for any other text. */
export function decodeCursor(cursor: string): { updatedAt: string; time: number; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    // The pattern alone lets "2024-02-31" through, which PostgreSQL would refuse with an error.
    const time = typeof updatedAt === "string" && CURSOR_TIME_PATTERN.test(updatedAt) ? parseIsoInstant(updatedAt) : null;
    const uuid = typeof id === "string" ? normalizeUuid(id) : null;
    if (typeof updatedAt === "string" && time !== null && uuid) return { updatedAt, time, id: uuid };
  } catch {
    // Falls through to the error below: a cursor is opaque, so any decoding failure means the client sent garbage.
  }
  throw new AppError("bad_request", "Invalid cursor");
}
