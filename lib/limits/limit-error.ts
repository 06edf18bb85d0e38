import { AppError, type ErrorCode } from "@/lib/errors";

/**
 * The 429 for a limit that lifts at a known moment: Retry-After for HTTP clients, `resetsAt` for the chat, which
 * shows it in the reader's own time.
 */
export function limitReachedError(
  code: Extract<ErrorCode, "quota_exceeded" | "budget_exceeded">,
  message: string,
  resetsAt: Date,
  now: Date,
): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
  return new AppError(code, message, { headers: { "Retry-After": String(retryAfterSeconds) }, resetsAt });
}
