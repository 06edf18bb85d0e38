import { log } from "@/lib/log";
import { recordError } from "@/lib/metrics";
import { runWithRequestContext } from "@/lib/request-context";
import { isSaneRequestId, REQUEST_ID_HEADER } from "./request-id";

type ErrorRequest = Readonly<{ path: string; method: string; headers: NodeJS.Dict<string | string[]> }>;
type ErrorContext = Readonly<{ routePath: string; routeType: string }>;

/**
 * An error nothing caught (a page that failed to render, a server action or route that threw), as Next reports it to
 * instrumentation's onRequestError: one JSON line with the cause, under the id proxy.ts gave the request.
 */
export function logUncaughtRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const header = request.headers[REQUEST_ID_HEADER];
  const requestId = typeof header === "string" && isSaneRequestId(header) ? header : undefined;
  const write = () => {
    recordError("internal_error");
    log.error("unhandled error", {
      method: request.method,
      // Without the query string, which may hold what a user searched for.
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
      err: error,
    });
  };
  if (requestId) runWithRequestContext({ requestId }, write);
  else write();
}
