"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { logout } from "@/app/(auth)/actions";
import { SettingsIcon, SignOutIcon } from "./icons";

export type AccountLinksProps = { email: string | null; isGuest: boolean };

const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500";
const quietButton = `flex h-8 items-center gap-1.5 rounded-lg px-2 text-sm text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${focusRing}`;

function Avatar({ letter }: { letter: string }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-8 shrink-0 items-center justify-center rounded-full bg-linear-to-br from-zinc-600 to-zinc-900 text-sm font-medium text-white uppercase dark:from-zinc-300 dark:to-zinc-500 dark:text-zinc-950"
    >
      {letter}
    </span>
  );
}

/** The sidebar's account area. Guests: Sign up / Sign in (coming back to this page). Registered users: Settings, Sign out. */
export function AccountLinks({ email, isGuest }: AccountLinksProps) {
  const pathname = usePathname();
  const back = pathname && pathname !== "/" ? `?redirectTo=${encodeURIComponent(pathname)}` : "";

  if (isGuest) {
    return (
      <div className="flex flex-col gap-2.5">
        <div className="flex items-center gap-2.5 px-1">
          <Avatar letter="G" />
          <div className="min-w-0 leading-tight">
            <p className="text-sm font-medium">Guest</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Sign up to keep your chats</p>
          </div>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Link
            href={`/register${back}`}
            className={`flex h-9 items-center justify-center rounded-full bg-zinc-900 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white ${focusRing}`}
          >
            Sign up
          </Link>
          <Link
            href={`/login${back}`}
            className={`flex h-9 items-center justify-center rounded-full border border-zinc-300 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800 ${focusRing}`}
          >
            Sign in
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2.5 px-1 py-1">
        <Avatar letter={email?.[0] ?? "?"} />
        <p className="min-w-0 truncate text-sm font-medium" title={email ?? undefined}>
          {email ?? "Your account"}
        </p>
      </div>
      <div className="flex items-center gap-1">
        <Link href="/settings" className={quietButton}>
          <SettingsIcon className="size-4" />
          Settings
        </Link>
        <form action={logout}>
          <button type="submit" className={quietButton}>
            <SignOutIcon className="size-4" />
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
