const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Years both a JS Date and PostgreSQL's timestamptz hold without surprises (PostgreSQL has no year 0). */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

/**
 * The instant an ISO 8601 date-time names, in milliseconds, or null when it names none: JS rolls "February 31" over
 * into March where PostgreSQL refuses it with an error, so the calendar fields are checked one by one.
 */
export function parseIsoInstant(text: string): number | null {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((field) => Number(field ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fields = new Date(0);
  fields.setUTCFullYear(year, month - 1, day);
  fields.setUTCHours(hours, minutes, seconds, 0);
  const isRealDate =
    fields.getUTCFullYear() === year &&
    fields.getUTCMonth() === month - 1 &&
    fields.getUTCDate() === day &&
    fields.getUTCHours() === hours &&
    fields.getUTCMinutes() === minutes &&
    fields.getUTCSeconds() === seconds;
  if (!isRealDate) return null;
  const instant = Date.parse(text);
  if (!Number.isFinite(instant)) return null;
  const utcYear = new Date(instant).getUTCFullYear();
  return utcYear >= FIRST_YEAR && utcYear <= LAST_YEAR ? instant : null;
}
