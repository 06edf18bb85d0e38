import Link from "next/link";
import { logout } from "@/app/(auth)/actions";

export type AccountLinksProps = { email: string | null; isGuest: boolean };

const linkClass =
  "rounded-full px-3 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800";

/** Guests see Sign in / Sign up; registered users see Settings and Sign out. */
export function AccountLinks({ email, isGuest }: AccountLinksProps) {
  if (isGuest) {
    return (
      <>
        <Link href="/login" className={linkClass}>
          Sign in
        </Link>
        <Link
          href="/register"
          className="rounded-full bg-zinc-900 px-3 py-1 text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Sign up
        </Link>
      </>
    );
  }
  return (
    <>
      <Link href="/settings" className={linkClass} title={email ?? undefined}>
        Settings
      </Link>
      <form action={logout}>
        <button type="submit" className={linkClass}>
          Sign out
        </button>
      </form>
    </>
  );
}
