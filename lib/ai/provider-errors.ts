import { APICallError } from "@ai-sdk/provider";

/** Why one provider attempt failed, as far as failover and the operator are concerned. */
export type ProviderFailure = "bad_key" | "rate_limited" | "unavailable" | "timeout" | "other";

/** The provider did not send a first token within AI_TIMEOUT_MS. */
export class FirstTokenTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No first token within ${timeoutMs} ms`);
    this.name = "FirstTokenTimeoutError";
  }
}

/** The provider stopped sending tokens for AI_TIMEOUT_MS in the middle of an answer. */
export class StreamStalledError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No token for ${timeoutMs} ms in the middle of the answer`);
    this.name = "StreamStalledError";
  }
}

/**
 * Every model tried for a request failed before its first token. `reason` is `misconfigured` when each of them
 * rejected this server's API key, which only the operator can fix.
 */
export class ModelsUnavailableError extends Error {
  constructor(
    readonly reason: "misconfigured" | "unavailable",
    readonly attempts: readonly { modelId: string; failure: ProviderFailure; error: unknown }[],
  ) {
    super(
      `No model answered: ${attempts.map((attempt) => `${attempt.modelId} (${attempt.failure})`).join(", ") || "none tried"}`,
      { cause: attempts.at(-1)?.error },
    );
    this.name = "ModelsUnavailableError";
  }
}

export const MISCONFIGURED_MESSAGE =
  "The AI provider rejected this server's API key; the operator has been notified. Try again later.";
export const UNAVAILABLE_MESSAGE = "The AI service is not answering right now. Try again in a moment.";
export const INTERRUPTED_MESSAGE = "The model could not finish this answer. Try again.";

export function classifyProviderError(error: unknown): ProviderFailure {
  if (error instanceof Error && (error.name === "FirstTokenTimeoutError" || error.name === "StreamStalledError")) return "timeout";
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 401 || status === 403) return "bad_key";
    if (status === 429) return "rate_limited";
    if (status === undefined || status >= 500) return "unavailable";
  }
  return "other";
}

/** Finds an error by name in the chain the AI SDK builds (cause, lastError of retries, errors of a RetryError). */
function findByName(error: unknown, name: string, depth = 0): Error | null {
  if (!(error instanceof Error) || depth > 8) return null;
  if (error.name === name) return error;
  const nested = error as Error & { lastError?: unknown; errors?: unknown };
  const candidates = [nested.cause, nested.lastError, ...(Array.isArray(nested.errors) ? nested.errors : [])];
  for (const candidate of candidates) {
    const found = findByName(candidate, name, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The message a user sees for an answer that failed, without provider internals. */
export function describeAnswerError(error: unknown): string {
  const unavailable = findByName(error, "ModelsUnavailableError") as ModelsUnavailableError | null;
  if (unavailable) return unavailable.reason === "misconfigured" ? MISCONFIGURED_MESSAGE : UNAVAILABLE_MESSAGE;
  return INTERRUPTED_MESSAGE;
}
