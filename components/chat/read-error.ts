/** What the chat shows of a failed request: the API's message, its code for choices such as "sign up", and when a limit lifts. */
export type ChatErrorInfo = { code: string | null; message: string; resetsAt: Date | null };

/**
 * The transport reports a failed request as an Error whose message is the response body; our API answers
 * `{ error: { code, message, resetsAt? } }`, so show that message and keep the rest for the choices it allows.
 */
export function readChatError(error: Error): ChatErrorInfo {
  try {
    const body = JSON.parse(error.message) as { error?: { code?: unknown; message?: unknown; resetsAt?: unknown } };
    if (typeof body.error?.message === "string") {
      const resetsAt = typeof body.error.resetsAt === "string" ? new Date(body.error.resetsAt) : null;
      return {
        code: typeof body.error.code === "string" ? body.error.code : null,
        message: body.error.message,
        resetsAt: resetsAt && !Number.isNaN(resetsAt.getTime()) ? resetsAt : null,
      };
    }
  } catch {
    // Not JSON: a network failure or a stream error text.
  }
  // fetch rejects with a TypeError when the request cannot be made at all (offline, DNS, connection reset).
  if (error.name === "TypeError" || /failed to fetch|network|load failed/i.test(error.message)) {
    return { code: "network_error", message: "Network error: check your connection and retry.", resetsAt: null };
  }
  return { code: null, message: error.message || "Something went wrong. Try again.", resetsAt: null };
}

/** The user's daily allowance is used up (message quota or cost cap): the one refusal that signing up lifts. */
export function isDailyLimit(code: string | null): boolean {
  return code === "quota_exceeded";
}
