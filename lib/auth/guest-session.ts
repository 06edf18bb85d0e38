import "server-only";
import { encode } from "next-auth/jwt";
import { resolveAuthRedirect } from "@/lib/security/safe-redirect";
import { type AuthCookie, authCookieSpecs, SESSION_MAX_AGE_S } from "./session-cookies";
import { authOrigin } from "./session-token";

export type GuestSignIn = { cookies: AuthCookie[]; redirectUrl: string };

type RequestCookie = { name: string; value: string };

/**
 * A new guest's sign-in, answered as next-auth's `signIn()` through an Auth.js credentials callback answers it, without
 * loading Auth.js's core (its actions, pages, providers and OAuth client: 35–80 ms of a cold start's guest request):
 * the same cookies with the same names and options, the same JWT (encoded by Auth.js's own `encode`, salted with the
 * cookie's name, with the claims the credentials callback and lib/auth/auth-config.ts's jwt callback give a new user), and
 * the same redirect target. Every reader — `auth()`, /api/auth/session, readSessionUserId — takes it as its own.
 * tests/unit/guest-session.test.ts compares both against Auth.js's.
 *
 * The order is Auth.js's too: the request URL is built (and refused) before the user is created.
 */
export async function signInNewGuest(input: {
  headers: Headers;
  requestCookies: readonly RequestCookie[];
  secret: string;
  authUrl: string | null;
  /** Already a safe same-site path (safeRedirectPath). */
  redirectTo: string;
  createUser: () => Promise<{ id: string }>;
}): Promise<GuestSignIn> {
  const origin = authOrigin(input.headers, input.authUrl);
  const { sessionToken, callbackUrl } = authCookieSpecs(origin.startsWith("https:"));
  const redirectUrl = resolveAuthRedirect({ url: input.redirectTo, baseUrl: origin });
  const cookies: AuthCookie[] = [];
  // Auth.js remembers the callback URL in a cookie whenever it differs from the one the request carried.
  if (redirectUrl !== input.requestCookies.find(({ name }) => name === callbackUrl.name)?.value) {
    cookies.push({ name: callbackUrl.name, value: redirectUrl, options: callbackUrl.options });
  }

  const { id } = await input.createUser();
  const value = await encode({
    // The credentials callback's default claims, then the id lib/auth/auth-config.ts's jwt callback adds for a new sign-in.
    token: { name: null, email: null, picture: undefined, sub: id, id },
    secret: input.secret,
    maxAge: SESSION_MAX_AGE_S,
    salt: sessionToken.name,
  });
  // Chunks of an older session are cleared, as Auth.js's SessionStore does; the new token itself (about 400
  // characters: no profile data) always fits one cookie.
  for (const { name, value: chunk } of input.requestCookies) {
    if (chunk && name !== sessionToken.name && name.startsWith(sessionToken.name)) {
      cookies.push({ name, value: "", options: { ...sessionToken.options, maxAge: 0 } });
    }
  }
  cookies.push({ name: sessionToken.name, value, options: { ...sessionToken.options, expires: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) } });
  return { cookies, redirectUrl };
}
