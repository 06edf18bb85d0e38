/**
 * The transport reports a failed request as an Error whose message is the response body; our API answers
 * `{ error: { code, message } }`, so show that message and keep the code for choices such as "sign up".
 */
export function readChatError(error: Error): { code: string | null; message: string } {
  try {
    const body = JSON.parse(error.message) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.message === "string") {
      return { code: typeof body.error.code === "string" ? body.error.code : null, message: body.error.message };
    }
  } catch {
    // Not JSON: a network failure or a stream error text.
  }
  // fetch rejects with a TypeError when the request cannot be made at all (offline, DNS, connection reset).
  if (error.name === "TypeError" || /failed to fetch|network|load failed/i.test(error.message)) {
    return { code: "network_error", message: "Network error: check your connection and retry." };
  }
  return { code: null, message: error.message || "Something went wrong. Try again." };
}
