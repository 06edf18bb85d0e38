import "server-only";

import { getConfig } from "@/lib/config";
import { enforceRateLimit } from "@/lib/limits";
import { clientIp } from "@/lib/limits/client-ip";
import { errorToResponse } from "./error-response";
import { observe } from "./observe";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

const MINUTE_MS = 60_000;

/**
 * Wraps an API route handler: counts the request against the per-IP limit, turns anything the handler throws
 * into a JSON error with a stable code, and observes it (request id on its logs and response, metrics, one log
 * line; see observe).
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return observe(async (request: Request, context: C) => {
    try {
      await enforceRateLimit({
        key: `api:${clientIp(request.headers)}`,
        limit: getConfig().limits.apiRequestsPerMinute,
        windowMs: MINUTE_MS,
        message: "Too many requests from your network. Wait a minute and try again.",
      });
      return await handler(request, context);
    } catch (error) {
      return errorToResponse(error, { method: request.method, path: new URL(request.url).pathname });
    }
  });
}
