import Link from "next/link";

export type ChatErrorProps = {
  message: string;
  /** A link to sign up, for a guest who used up today's allowance. */
  signUpHref: string | null;
  /** When the limit that refused the message lifts, shown in the reader's own time. */
  resetsAt: Date | null;
  onRetry: () => void;
};

/** The time alone when it is today, else the date with it: "1:00 AM", "Tue, Dec 1, 1:00 AM". */
function formatResetTime(resetsAt: Date, now = new Date()): string {
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  const isToday = resetsAt.toDateString() === now.toDateString();
  return resetsAt.toLocaleString(undefined, isToday ? time : { weekday: "short", month: "short", day: "numeric", ...time });
}

/** A failed answer, in place under the last message; Retry asks again for the same question. */
export function ChatError({ message, signUpHref, resetsAt, onRetry }: ChatErrorProps) {
  return (
    <div
      role="alert"
      className="flex flex-col gap-3 rounded-2xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 sm:flex-row sm:items-center dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200"
    >
      <div className="min-w-0 flex-1">
        <p>{message}</p>
        {resetsAt ? (
          <p className="mt-1 text-xs text-red-800 dark:text-red-300">
            Resets at <time dateTime={resetsAt.toISOString()}>{formatResetTime(resetsAt)}</time> your time.
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {signUpHref ? (
          <Link
            href={signUpHref}
            className="rounded-full bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Sign up for more messages
          </Link>
        ) : null}
        <button
          type="button"
          onClick={onRetry}
          className="rounded-full border border-red-300 bg-white px-3 py-1.5 font-medium text-red-900 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-red-800 dark:bg-transparent dark:text-red-200 dark:hover:bg-red-900/40"
        >
          Retry
        </button>
      </div>
    </div>
  );
}
