import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getConfig } from "@/lib/config";
import type { User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { lookUpSessionUser } from "./session-user-lookup";
import { readSessionUserId } from "./session-token";

/**
 * The signed-in user, or null. A valid token whose user no longer exists (the memory store restarted, the
 * account was deleted) counts as no session, so the visitor becomes a fresh guest instead of seeing an error.
 * Cached per request: a page, its layouts and the actions they call read the session once. The token is read as
 * Auth.js's `auth()` reads it (see readSessionUserId), at a fraction of the cost.
 */
export const getSessionUser = cache(async (): Promise<User | null> => {
  const id = await getSessionUserId();
  return id ? lookUpSessionUser(id) : null;
});

/**
 * The user id the request's session token names, from the token alone (no store read: the user may be gone), or
 * null. For work that can start beside getSessionUser's read, which still decides whether there is a session.
 */
export const getSessionUserId = cache(async (): Promise<string | null> => {
  const config = getConfig();
  return readSessionUserId(await headers(), { secret: config.auth.secret, authUrl: config.authUrl });
});

/** What a request without a session (or whose token names a user that is gone) is refused with. */
export function noSession(): AppError {
  return new AppError("unauthorized", "Sign in or open the app to get a guest session.");
}

export async function requireSessionUserId(): Promise<string> {
  const id = await getSessionUserId();
  if (!id) throw noSession();
  return id;
}

export async function requireSessionUser(): Promise<User> {
  const user = await getSessionUser();
  if (!user) throw noSession();
  return user;
}
