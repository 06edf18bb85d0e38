import { type ErrorBody, type ErrorCode, ERROR_STATUS } from "@/lib/errors";
import { recordError } from "@/lib/metrics";

/**
 * A JSON error response with its stable code, counted in the metrics. Its own module, apart from ./error-response
 * (zod, the logger), so that proxy.ts answers its refusals without evaluating either in its module graph.
 */
export function jsonError(
  code: ErrorCode,
  message: string,
  init: { requestId?: string; headers?: Record<string, string>; resetsAt?: Date | null } = {},
): Response {
  recordError(code);
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(init.requestId ? { requestId: init.requestId } : {}),
      ...(init.resetsAt ? { resetsAt: init.resetsAt.toISOString() } : {}),
    },
  };
  return Response.json(body, {
    status: ERROR_STATUS[code],
    headers: { "Cache-Control": "no-store", ...init.headers },
  });
}
