/** The closed set of error codes a client may see, each with its HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unknown_model: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A document that cannot be used: it needs a password, has no text layer, or is damaged. */
  document_encrypted: 422,
  document_no_text: 422,
  document_unreadable: 422,
  /** Too many requests in a short window (API requests and guest sessions per client IP, uploads per user). */
  rate_limited: 429,
  /** The user's daily allowance (message quota or AI cost cap) is used up: guests can sign up for more. */
  quota_exceeded: 429,
  /** The whole instance has spent its monthly AI budget: nobody's account changes that. */
  budget_exceeded: 429,
  internal_error: 500,
  provider_error: 502,
  database_unavailable: 503,
  server_misconfigured: 503,
  shutting_down: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** `resetsAt` (ISO 8601) comes with a limit that lifts at a known moment, so a client can say when. */
export type ErrorBody = { error: { code: ErrorCode; message: string; requestId?: string; resetsAt?: string } };

/**
 * The one error type routes throw. `message` is safe to show a user; `cause` is for the log only.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** When a limit lifts; sent to the client beside Retry-After. */
  readonly resetsAt: Date | null;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string>; resetsAt?: Date } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.headers = options.headers ?? {};
    this.resetsAt = options.resetsAt ?? null;
  }
}

/**
 * Recognises an AppError by shape as well as by class: a bundler may load this module more than once (one copy per
 * server chunk), and then `instanceof` fails for an error created by the other copy.
 */
export function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  if (!(error instanceof Error) || error.name !== "AppError") return false;
  const { code, status } = error as Partial<AppError>;
  return typeof code === "string" && code in ERROR_STATUS && status === ERROR_STATUS[code as ErrorCode];
}
