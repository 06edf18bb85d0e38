import { getCorsHeaders, getPreflightHeaders, isPreflightRequest } from "./cors";
import { checkRequestOrigin } from "./origin";

const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type ApiGuardDecision =
  /** Answer the preflight with 204 and these headers. */
  | { action: "preflight"; headers: Record<string, string> }
  /** Answer 403 `forbidden` with this message. */
  | { action: "forbid"; message: string }
  /** Let the route answer, adding these headers (CORS for an allowed origin, else none). */
  | { action: "continue"; headers: Record<string, string> };

/**
 * Our own API routes: everything under /api except Auth.js's, which checks its own CSRF token (and receives
 * cross-site POSTs from OAuth providers that post their callback).
 */
export function isGuardedApiPath(pathname: string): boolean {
  return (pathname === "/api" || pathname.startsWith("/api/")) && pathname !== "/api/auth" && !pathname.startsWith("/api/auth/");
}

/**
 * CORS and CSRF for one request to a guarded API path. Same-origin is the default: a foreign origin gets no CORS
 * headers, its preflight is refused, and its state-changing requests are forbidden. CORS_ALLOWED_ORIGINS opts
 * exact origins in, with credentials.
 */
export function decideApiRequest(request: {
  method: string;
  headers: Headers;
  allowedOrigins: readonly string[];
}): ApiGuardDecision {
  const { method, headers, allowedOrigins } = request;
  const origin = headers.get("origin");

  if (isPreflightRequest(method, headers)) {
    const preflight = getPreflightHeaders(origin, allowedOrigins);
    if (!preflight) return { action: "forbid", message: "Cross-origin requests from this origin are not allowed." };
    return { action: "preflight", headers: preflight };
  }

  if (STATE_CHANGING_METHODS.has(method)) {
    const verdict = checkRequestOrigin(headers, allowedOrigins);
    if (!verdict.allowed) {
      return { action: "forbid", message: `Cross-site request refused: ${verdict.reason}.` };
    }
  }

  return { action: "continue", headers: getCorsHeaders(origin, allowedOrigins) };
}
