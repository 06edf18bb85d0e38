import { allowedMethodsFor, isMethodAllowed, isRouteMethod } from "./api-routes";
import { jsonError } from "./json-error";

/**
 * What proxy.ts answers for an /api request no route should see: a path that is not valid percent-encoding (Next.js
 * would fail decoding its params with a plain-text 500) is a 400, and a method the route does not export is a 405
 * with its `Allow` header. Null lets the request through. CORS preflights are the CORS guard's to answer.
 */
export function refuseApiRequest(request: { method: string; pathname: string; isPreflight: boolean }): Response | null {
  if (!isDecodablePath(request.pathname)) {
    return jsonError("bad_request", "The URL path is not valid: a % must start a percent-encoded UTF-8 character.");
  }
  if (request.isPreflight) return null;
  const allow = allowedMethodsFor(request.pathname);
  // No route file can export PROPFIND and the like, so the 404 route cannot answer them: it is done here.
  if (allow === null && !isRouteMethod(request.method)) return jsonError("not_found", "There is no API at this path.");
  if (allow === null || isMethodAllowed(allow, request.method)) return null;
  return jsonError("method_not_allowed", `${request.method} is not allowed here; use ${allow}.`, { headers: { Allow: allow } });
}

/** False for a path Next.js cannot decode (`/chat/%ZZ`), which it would answer with a plain-text 500. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
