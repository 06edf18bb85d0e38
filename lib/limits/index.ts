import { AppError } from "@/lib/errors";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limiter";

const globalForLimits = globalThis as unknown as { __chatbotRateLimiter?: RateLimiter };

/** The process-wide limiter: in memory now; with Redis it becomes shared by every instance behind this call. */
export function getRateLimiter(): RateLimiter {
  globalForLimits.__chatbotRateLimiter ??= new MemoryRateLimiter();
  return globalForLimits.__chatbotRateLimiter;
}

/** Counts one request; past the limit, throws 429 `rate_limited` with Retry-After. */
export async function enforceRateLimit(input: {
  key: string;
  limit: number;
  windowMs: number;
  message: string;
}): Promise<void> {
  const result = await getRateLimiter().hit(input.key, input.limit, input.windowMs);
  if (!result.allowed) {
    throw new AppError("rate_limited", input.message, {
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
}
