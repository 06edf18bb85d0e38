import { SESSION_COOKIES } from "./guest-entry";

/** How long a session lasts without being renewed: Auth.js's `session.maxAge`, its JWT's `exp` and its cookie's expiry. */
export const SESSION_MAX_AGE_S = 60 * 60 * 24 * 30;

/** A cookie as Auth.js hands it to next-auth, which sets it with Next's `cookies().set(name, value, options)`. */
export type AuthCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; expires?: Date; maxAge?: number };
};

/**
 * The names and options Auth.js gives its session and callback-URL cookies (@auth/core's defaultCookies):
 * `__Secure-` prefixed and Secure exactly when the URL it builds for the request is https.
 */
export function authCookieSpecs(secure: boolean) {
  const options = { httpOnly: true, sameSite: "lax", path: "/", secure } as const;
  return {
    sessionToken: { name: SESSION_COOKIES[secure ? 1 : 0], options },
    callbackUrl: { name: `${secure ? "__Secure-" : ""}authjs.callback-url`, options },
  };
}
