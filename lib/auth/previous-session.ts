import "server-only";
import { getToken } from "next-auth/jwt";
import { SESSION_COOKIES } from "./guest-entry";

/**
 * The user id in the session cookie a request arrived with, or null. During an OAuth callback this is the session
 * from before sign-in (a guest's, whose chats then move into the account). Only the cookie is read, not an
 * Authorization header.
 */
export async function getPreviousSessionUserId(headers: Headers, secret: string): Promise<string | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  for (const cookieName of SESSION_COOKIES) {
    const token = await getToken({
      req: { headers: { cookie } },
      secret,
      cookieName,
      salt: cookieName,
      secureCookie: cookieName.startsWith("__Secure-"),
    });
    if (typeof token?.id === "string") return token.id;
  }
  return null;
}
