"use client";

import { useEffect } from "react";

/**
 * Rendered instead of a page when the visitor's session is gone (signed out, account deleted, memory store
 * restarted). Guest sign-in is a route handler that sets a cookie, which only a full page load can follow.
 */
export function StartGuestSession({ href }: { href: string }) {
  useEffect(() => {
    window.location.replace(href);
  }, [href]);
  return (
    <main className="flex min-h-dvh items-center justify-center text-sm text-zinc-600 dark:text-zinc-400">
      <a href={href} className="underline underline-offset-2">
        Starting a new session…
      </a>
    </main>
  );
}
