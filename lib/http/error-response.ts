import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getRequestContext } from "@/lib/request-context";

import { jsonError } from "./json-error";

export { jsonError };

/** Names the first bad field of a zod error the way a client developer reads it: `message.parts[0].text`. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request.";
  const field = issue.path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** Maps anything a handler threw to a JSON error; unknown errors are logged and never described to the client. */
export function errorToResponse(error: unknown, context: { method: string; path: string }): Response {
  if (isAppError(error)) {
    if (error.status >= 500) log.error("request failed", { ...context, code: error.code, err: error.cause ?? error });
    return jsonError(error.code, error.message, { headers: error.headers, resetsAt: error.resetsAt });
  }
  if (error instanceof ZodError) return jsonError("bad_request", describeZodError(error));
  if (error instanceof Error && error.name === "ConfigError") {
    log.error("request refused: the server configuration is invalid", { ...context, err: error });
    return jsonError("server_misconfigured", "The server is not configured correctly. The operator has been told.");
  }
  // The id the log line carries too, so a user's report leads to it.
  const requestId = getRequestContext()?.requestId ?? randomUUID();
  log.error("unhandled error", { ...context, requestId, err: error });
  return jsonError("internal_error", "Something went wrong. Try again.", { requestId });
}
