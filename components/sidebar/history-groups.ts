/** A chat as the history lists it: what GET /api/chats returns, dates as ISO strings. */
export type ChatSummary = {
  id: string;
  title: string;
  visibility: "private" | "public";
  createdAt: string;
  updatedAt: string;
};

export type HistoryGroup = { label: string; chats: ChatSummary[] };

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day of an instant in a time zone, as a whole number of days since 1970-01-01. */
function dayNumber(date: Date, timeZone: string): number {
  const parts = dayFormatter(timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS;
}

/** A time zone name the runtime knows, or UTC (a cookie can hold anything). */
export function validTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    dayFormatter(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** Calendar days from `date` to `now` in the time zone: 0 today, 1 yesterday; a date in the future counts as today. */
export function daysAgo(date: Date, now: Date, timeZone: string): number {
  return Math.max(0, dayNumber(now, timeZone) - dayNumber(date, timeZone));
}

function groupLabel(days: number): string {
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days <= 7) return "Previous 7 days";
  if (days <= 30) return "Previous 30 days";
  return "Older";
}

/** Splits chats (newest first) into Today, Yesterday, Previous 7 days, Previous 30 days and Older, keeping their order. */
export function groupChatsByDay(chats: ChatSummary[], now: Date, timeZone: string): HistoryGroup[] {
  const groups: HistoryGroup[] = [];
  for (const chat of chats) {
    const label = groupLabel(daysAgo(new Date(chat.updatedAt), now, timeZone));
    const group = groups.find((g) => g.label === label);
    if (group) group.chats.push(chat);
    else groups.push({ label, chats: [chat] });
  }
  return groups;
}
