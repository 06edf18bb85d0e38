import "server-only";
import { cache } from "react";
import type { User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { auth } from "./auth";
import { lookUpSessionUser, withSessionUserLookup } from "./session-user-lookup";

/**
 * The signed-in user, or null. A valid token whose user no longer exists (the memory store restarted, the
 * account was deleted) counts as no session, so the visitor becomes a fresh guest instead of seeing an error.
 * Cached per request: a page, its layouts and the actions they call read the session once.
 */
export const getSessionUser = cache(
  (): Promise<User | null> =>
    withSessionUserLookup(async () => {
      // Auth.js's jwt callback has looked the user up already (a deleted one reads as no session): reused here.
      const session = await auth();
      const id = session?.user?.id;
      return id ? lookUpSessionUser(id) : null;
    }),
);

export async function requireSessionUser(): Promise<User> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in or open the app to get a guest session.");
  return user;
}
