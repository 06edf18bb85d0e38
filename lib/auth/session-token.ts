import "server-only";
import { decode, getToken } from "next-auth/jwt";
import { log } from "@/lib/log";
import { SESSION_COOKIES } from "./guest-entry";

/** Decoded session tokens kept in this process; past this many, the oldest is dropped first. */
const MAX_CACHED_TOKENS = 10_000;
/** As Auth.js's decode (jose's clockTolerance): a token counts as expired this long after its `exp`. */
const CLOCK_TOLERANCE_S = 15;

type DecodedToken = { userId: string | null; expiresAtS: number | null };

const globalForTokens = globalThis as unknown as { __chatbotSessionTokens?: Map<string, DecodedToken> };

function decodedTokens(): Map<string, DecodedToken> {
  globalForTokens.__chatbotSessionTokens ??= new Map();
  return globalForTokens.__chatbotSessionTokens;
}

const isUnexpired = ({ expiresAtS }: DecodedToken) => expiresAtS === null || expiresAtS > Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_S;

/**
 * The origin of the URL next-auth builds for a request's Auth.js call (@auth/core's createActionURL): AUTH_URL's
 * when set, else the forwarded or own Host with X-Forwarded-Proto (Next.js sets it), https when absent. Throws on
 * headers that make no URL, as Auth.js does.
 */
export function authOrigin(headers: Headers, authUrl: string | null): string {
  if (authUrl) return new URL(authUrl).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const protocol = headers.get("x-forwarded-proto") ?? "https";
  return new URL(`${protocol.endsWith(":") ? protocol : `${protocol}:`}//${host}`).origin;
}

/**
 * Whether Auth.js reads and writes this request's session in the `__Secure-` cookie: when the URL it builds for the
 * request is https (authOrigin; a scheme the URL parser normalises, such as `HTTPS`, counts as it does for Auth.js).
 */
export function usesSecureSessionCookie(headers: Headers, authUrl: string | null): boolean {
  try {
    return authOrigin(headers, authUrl).startsWith("https:");
  } catch {
    // Auth.js itself throws on such headers; reading them as the scheme they name keeps the session readable.
    return (headers.get("x-forwarded-proto") ?? "https").replace(/:$/, "") === "https";
  }
}

/**
 * The user id in the request's session token, or null. The same cookie (and chunks), salt, decryption and expiry
 * check as Auth.js's `auth()`, without the rest of its session round trip: a CSRF token, Request and Response
 * objects, and a refreshed token encrypted on every call that a server component or route cannot send anyway.
 * A token is an authenticated ciphertext, so one string always decodes to the same payload: decoded tokens are
 * cached by their exact value, and every use of a cached one checks its expiry again.
 */
export async function readSessionUserId(headers: Headers, options: { secret: string; authUrl: string | null }): Promise<string | null> {
  const secureCookie = usesSecureSessionCookie(headers, options.authUrl);
  const cookieName = SESSION_COOKIES[secureCookie ? 1 : 0];
  const cookie = headers.get("cookie");
  if (!cookie?.includes(cookieName)) return null;
  const token = await getToken({ req: { headers: { cookie } }, secureCookie, cookieName, raw: true });
  if (!token) return null;

  const cache = decodedTokens();
  const cached = cache.get(token);
  if (cached) {
    if (isUnexpired(cached)) return cached.userId;
    cache.delete(token);
    return null;
  }
  let decoded: DecodedToken;
  try {
    const payload = await decode({ token, secret: options.secret, salt: cookieName });
    if (!payload) return null;
    decoded = { userId: typeof payload.id === "string" ? payload.id : null, expiresAtS: typeof payload.exp === "number" ? payload.exp : null };
  } catch (error) {
    // Expired, signed with another AUTH_SECRET, or tampered with: no session, as Auth.js treats it.
    log.warn("auth: a session cookie could not be decoded; treating it as no session", { reason: error instanceof Error ? error.name : "unknown" });
    return null;
  }
  if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
  cache.set(token, decoded);
  return decoded.userId;
}
