import { isAllowedOrigin } from "./origin";

/** Methods and request headers an allowed origin may use; our API speaks JSON and needs nothing else. */
export const CORS_ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
export const CORS_ALLOWED_HEADERS = "Content-Type";
/** Lets a cross-origin client read the wait time of a 429. */
export const CORS_EXPOSED_HEADERS = "Retry-After";
/** How long a browser may cache a preflight answer. */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 600;

/** A CORS preflight: OPTIONS with an Origin and the method the real request will use. */
export function isPreflightRequest(method: string, headers: Headers): boolean {
  return method === "OPTIONS" && headers.has("origin") && headers.has("access-control-request-method");
}

/**
 * Headers that let an allowed origin read a response with credentials. Other origins get none; once any origin is
 * allowed, every answer varies by Origin so that a shared cache never hands one origin's answer to another.
 */
export function getCorsHeaders(origin: string | null, allowedOrigins: readonly string[]): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  if (!isAllowedOrigin(origin, allowedOrigins)) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS,
    Vary: "Origin",
  };
}

/** The answer to an allowed origin's preflight; null for any other origin. */
export function getPreflightHeaders(origin: string | null, allowedOrigins: readonly string[]): Record<string, string> | null {
  if (!isAllowedOrigin(origin, allowedOrigins)) return null;
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
    "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
    "Access-Control-Max-Age": String(CORS_PREFLIGHT_MAX_AGE_SECONDS),
    Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
  };
}
