import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis/client";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limiter";
import { RedisRateLimiter } from "./redis-rate-limiter";

const globalForLimits = globalThis as unknown as { __chatbotRateLimiter?: RateLimiter };

/** The process-wide limiter: in Redis (shared by every instance) with REDIS_URL, else in this process's memory. */
export function getRateLimiter(): RateLimiter {
  globalForLimits.__chatbotRateLimiter ??= createRateLimiter();
  return globalForLimits.__chatbotRateLimiter;
}

function createRateLimiter(): RateLimiter {
  const redis = getRedis();
  return redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter();
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
