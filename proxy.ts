import { type NextRequest, NextResponse } from "next/server";
import { guestSignInPath, needsGuestSession } from "@/lib/auth/guest-entry";
import { getOAuthAuthorizeOrigins } from "@/lib/auth/oauth-providers";
import type { Config } from "@/lib/config";
import { parsedConfig } from "@/lib/config/current";
import { jsonError } from "@/lib/http/json-error";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/http/request-id";
import { isDecodablePath, refuseApiRequest } from "@/lib/http/refuse-api-request";
import { decideApiRequest, isGuardedApiPath } from "@/lib/security/api-guard";
import { getCorsHeaders, isPreflightRequest } from "@/lib/security/cors";
import { API_CSP, buildPageCsp, createNonce } from "@/lib/security/csp";

/**
 * The one place every request passes before a page or route: it gives the request its id (kept from a reverse
 * proxy's X-Request-Id when sane; forwarded to the route, which logs with it, and sent back), sets the
 * Content-Security-Policy (a fresh nonce per page), enforces CORS and the CSRF origin rule for our API routes, and
 * answers malformed paths and wrong methods under /api in JSON, so no route can forget them. Headers that never
 * change live in next.config.ts, which also covers static assets.
 */
export function proxy(request: NextRequest): Response | Promise<Response> {
  const requestId = requestIdOf(request.headers);
  const answer = (appConfig: Config | null) => withHeaders(decide(request, requestId, appConfig), { "X-Request-Id": requestId });
  // The boot parsed the config before the first request. Only when it did not (a bad environment on a serverless
  // platform, where the instance stays up) is the parser loaded here, so this module graph evaluates no zod.
  const appConfig = parsedConfig();
  return appConfig ? answer(appConfig) : loadConfigOrNull().then(answer);
}

async function loadConfigOrNull(): Promise<Config | null> {
  const { getConfig } = await import("@/lib/config");
  try {
    return getConfig();
  } catch {
    return null;
  }
}

function decide(request: NextRequest, requestId: string, appConfig: Config | null): Response {
  const { pathname } = request.nextUrl;
  if (!appConfig) {
    // Only reachable on a serverless platform, where boot logs the bad variable and keeps the instance up:
    // health reports unhealthy, everything else is refused.
    if (pathname === "/api/health") return NextResponse.next({ request: { headers: forwardedHeaders(request, requestId) } });
    return jsonError("server_misconfigured", "The server is not configured correctly. The operator has been told.");
  }

  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const refusal = refuseApiRequest({
      method: request.method,
      pathname,
      isPreflight: isPreflightRequest(request.method, request.headers),
    });
    if (refusal) {
      // An allowed origin may read why it was refused.
      const cors = isGuardedApiPath(pathname) ? getCorsHeaders(request.headers.get("origin"), appConfig.security.corsAllowedOrigins) : {};
      return withHeaders(refusal, { ...cors, "Content-Security-Policy": API_CSP });
    }
  }

  if (isGuardedApiPath(pathname)) {
    const decision = decideApiRequest({
      method: request.method,
      headers: request.headers,
      allowedOrigins: appConfig.security.corsAllowedOrigins,
    });
    const apiCsp = { "Content-Security-Policy": API_CSP };
    if (decision.action === "forbid") return withHeaders(jsonError("forbidden", decision.message), apiCsp);
    if (decision.action === "preflight") return new Response(null, { status: 204, headers: { ...decision.headers, ...apiCsp } });
    return withHeaders(NextResponse.next({ request: { headers: forwardedHeaders(request, requestId) } }), { ...decision.headers, ...apiCsp });
  }

  if (
    needsGuestSession({
      method: request.method,
      pathname,
      headers: request.headers,
      cookieNames: request.cookies.getAll().map((cookie) => cookie.name),
    })
  ) {
    return NextResponse.redirect(new URL(guestSignInPath(pathname + request.nextUrl.search), request.url));
  }

  // Pages, and Auth.js's own HTML pages under /api/auth.
  const nonce = createNonce();
  const csp = buildPageCsp({
    nonce,
    allowEval: !appConfig.isProduction,
    upgradeInsecureRequests: isHttps(request),
    formActionOrigins: getOAuthAuthorizeOrigins(appConfig.oauth),
  });
  // Next.js reads the nonce for its scripts from the request's CSP header; x-nonce is for our own <Script>s.
  const requestHeaders = forwardedHeaders(request, requestId);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const pageHeaders = { "Content-Security-Policy": csp };
  // A page path that cannot be decoded names no page: the not-found page says so, where Next.js would answer 500.
  if (!isDecodablePath(pathname)) {
    return withHeaders(NextResponse.rewrite(new URL("/_not-found", request.url), { request: { headers: requestHeaders } }), pageHeaders);
  }
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), pageHeaders);
}

/** The request as the route sees it: with the id it is logged under. */
function forwardedHeaders(request: NextRequest, requestId: string): Headers {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  return headers;
}

function withHeaders<T extends Response>(response: T, headers: Record<string, string>): T {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function isHttps(request: NextRequest): boolean {
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwardedProto ?? request.nextUrl.protocol.replace(/:$/, "")) === "https";
}

export const config = {
  // Everything but build output that never changes: hashed scripts and styles, optimised images, the favicon.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
