import { z } from "zod";

/**
 * The one rule for text a user sends, applied at the edge (in the request schemas) to every field that reaches
 * the store.
 *
 * Free text — messages, titles, search queries, imported chats, file names — is kept, with each NUL (U+0000) and each
 * lone surrogate (half of a UTF-16 pair without its other half) replaced by U+FFFD, the replacement character.
 * PostgreSQL cannot store NUL in text or jsonb, and a lone surrogate has no UTF-8 form at all: every UTF-8 encoder,
 * the browser's included, already writes U+FFFD for it. Replacing instead of refusing keeps the user's message: an
 * invisible character pasted from a terminal or a PDF must not cost them their text, and the mark shows where it was.
 * The replacement is one UTF-16 unit for one, so length limits mean the same before and after.
 *
 * Identifiers — message ids, parent ids, vote targets, model ids — are refused instead (400 naming the field): an id
 * changed silently would name another message.
 */
export function toStorableText(text: string): string {
  return text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}

/** A string field of free text, normalised by toStorableText; chain trim, min and max after it. */
export function userTextSchema() {
  return z.string().overwrite(toStorableText);
}

/** Letters, digits and `_ . : -`: what the AI SDK, UUIDs and our own ids are made of. */
const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** A message id sent by a client (a new message, its parent, a vote's target, an imported message). */
export const messageIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(MESSAGE_ID_PATTERN, { error: "may contain only letters, digits and _ . : -" });

/** C0 and C1 controls, lone surrogates, and the invisible format and bidi marks that make look-alike strings. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/u;

/** True when the string has no character that cannot be printed or stored (see UNPRINTABLE). */
export function isPrintable(text: string): boolean {
  return text.isWellFormed() && !UNPRINTABLE.test(text);
}

/** An identifier whose shape is someone else's (a model id from the operator's provider list): printable, bounded. */
export function identifierSchema(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine(isPrintable, { error: "must not contain control or invisible characters" });
}
