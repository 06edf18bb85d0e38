/** Why the last request failed, as the chat tells the user. */
export type ChatFailure =
  /** No connection: the request, or the chat's own code, could not be fetched (offline, DNS, connection reset). */
  | { kind: "network"; message: string }
  /**
   * The server refused the request (`code` from our API, such as `quota_exceeded`) or the answer's stream broke;
   * `resetsAt` is when a limit lifts, when the API said.
   */
  | { kind: "server"; code: string | null; message: string; resetsAt: Date | null };

export const NETWORK_FAILURE: ChatFailure = { kind: "network", message: "Network error: check your connection and retry." };

/**
 * The transport reports a failed request as an Error whose message is the response body; our API answers
 * `{ error: { code, message, resetsAt? } }`, so show that message and keep the rest for the choices it allows.
 */
export function toChatFailure(error: Error): ChatFailure {
  try {
    const body = JSON.parse(error.message) as { error?: { code?: unknown; message?: unknown; resetsAt?: unknown } };
    if (typeof body.error?.message === "string") {
      const resetsAt = typeof body.error.resetsAt === "string" ? new Date(body.error.resetsAt) : null;
      return {
        kind: "server",
        code: typeof body.error.code === "string" ? body.error.code : null,
        message: body.error.message,
        resetsAt: resetsAt && !Number.isNaN(resetsAt.getTime()) ? resetsAt : null,
      };
    }
  } catch {
    // Not JSON: a network failure or a stream error text.
  }
  // fetch rejects with a TypeError when the request cannot be made at all; browsers word it differently.
  if (error.name === "TypeError" || /failed to fetch|network|load failed/i.test(error.message)) return NETWORK_FAILURE;
  return { kind: "server", code: null, message: error.message || "Something went wrong. Try again.", resetsAt: null };
}

/** The user's daily allowance is used up (message quota or cost cap): the one refusal that signing up lifts. */
export function isDailyLimit(failure: ChatFailure): boolean {
  return failure.kind === "server" && failure.code === "quota_exceeded";
}
