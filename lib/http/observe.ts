import "server-only";

import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { recordHttpRequest } from "@/lib/metrics";
import { routePattern } from "@/lib/metrics/route-pattern";
import { runWithRequestContext } from "@/lib/request-context";
import { requestIdOf } from "./request-id";

type Handler<R extends Request, C> = (request: R, context: C) => Promise<Response>;
type Params = Record<string, string | string[] | undefined>;

export type ObserveOptions = {
  /** Level of the one line logged per request; `debug` for what monitors poll (health). */
  accessLog?: "info" | "debug";
};

/** `next dev` prints a line per request itself; there ours would only double it. */
function defaultAccessLevel(): "info" | "debug" {
  try {
    return getConfig().isDevelopment ? "debug" : "info";
  } catch {
    return "info";
  }
}

/**
 * Runs a route handler inside its request's context: the request id proxy.ts chose (or a new one, for a handler
 * called some other way) is on every log line the request causes, streamed work after the response included, and
 * in `X-Request-Id`. Each response is counted and timed under its route pattern, and logged in one line (the path
 * without its query, which may hold what a user searched for).
 */
export function observe<R extends Request, C>(handler: Handler<R, C>, options: ObserveOptions = {}): Handler<R, C> {
  return (request, context) => {
    const requestId = requestIdOf(request.headers);
    return runWithRequestContext({ requestId }, async () => {
      const startedAt = performance.now();
      let status = 500;
      try {
        const response = await handler(request, context);
        status = response.status;
        return withRequestId(response, requestId);
      } catch (error) {
        // Next's redirect() and notFound() throw; the framework turns them into responses.
        status = statusOfThrown(error);
        throw error;
      } finally {
        const seconds = (performance.now() - startedAt) / 1000;
        const { pathname } = new URL(request.url);
        const route = routePattern(pathname, await paramsOf(context));
        recordHttpRequest({ route, method: request.method, status, seconds });
        log[options.accessLog ?? defaultAccessLevel()]("request", {
          method: request.method,
          route,
          path: pathname,
          status,
          durationMs: Math.round(seconds * 1000),
        });
      }
    });
  };
}

/** Next passes a route's params as a promise in the second argument; routes without params may get none. */
async function paramsOf(context: unknown): Promise<Params | undefined> {
  const params = (context as { params?: unknown } | undefined)?.params;
  try {
    const resolved: unknown = await params;
    return resolved && typeof resolved === "object" ? (resolved as Params) : undefined;
  } catch {
    return undefined;
  }
}

/** `NEXT_REDIRECT;replace;/path;307;` and `NEXT_HTTP_ERROR_FALLBACK;404` carry their status; anything else is a 500. */
function statusOfThrown(error: unknown): number {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string") return 500;
  const redirect = /^NEXT_REDIRECT;[^;]*;.*;(\d{3});?$/.exec(digest);
  if (redirect) return Number(redirect[1]);
  const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
  return fallback ? Number(fallback[1]) : 500;
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    if (!response.headers.has("x-request-id")) response.headers.set("X-Request-Id", requestId);
  } catch {
    // Immutable headers (a redirect made by Response.redirect): proxy.ts has set the header on the way out anyway.
  }
  return response;
}
