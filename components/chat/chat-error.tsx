import Link from "next/link";

export type ChatErrorProps = {
  message: string;
  /** A link to sign up, for a guest who ran out of messages. */
  signUpHref: string | null;
  onRetry: () => void;
};

/** A failed answer, in place under the last message; Retry asks again for the same question. */
export function ChatError({ message, signUpHref, onRetry }: ChatErrorProps) {
  return (
    <div
      role="alert"
      className="flex flex-col gap-3 rounded-2xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 sm:flex-row sm:items-center dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200"
    >
      <p className="min-w-0 flex-1">{message}</p>
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
