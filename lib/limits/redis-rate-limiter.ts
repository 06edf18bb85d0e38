import type { Redis } from "ioredis";
import type { RateLimiterRedis } from "rate-limiter-flexible";
import type { RateLimiter, RateLimitResult } from "./rate-limiter";

type Library = typeof import("rate-limiter-flexible");

// Imported on the first count, so that a start without Redis never loads the package.
let library: Promise<Library> | undefined;
const loadLibrary = (): Promise<Library> => (library ??= import("rate-limiter-flexible"));

const KEY_PREFIX = "chatbot:rl";

/**
 * Counts in Redis, shared by every instance: rate-limiter-flexible increments the key and sets its expiry in one Lua
 * script (atomic, one round trip). While Redis is unreachable or slow, an in-memory limiter with the same limits
 * counts instead (its insurance), so requests are still limited, per instance.
 */
export class RedisRateLimiter implements RateLimiter {
  /** One limiter per (limit, window): the library fixes both when a limiter is made; keys name what is limited. */
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(private readonly client: Redis) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const library = await loadLibrary();
    try {
      const result = await this.limiterFor(library, limit, windowMs).consume(key);
      return { allowed: true, remaining: result.remainingPoints, retryAfterSeconds: 0 };
    } catch (error) {
      if (!(error instanceof library.RateLimiterRes)) throw error;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
  }

  private limiterFor({ RateLimiterMemory, RateLimiterRedis }: Library, limit: number, windowMs: number): RateLimiterRedis {
    // The library counts whole seconds; every window here is minutes or hours long.
    const duration = Math.max(1, Math.ceil(windowMs / 1000));
    const id = `${limit}/${duration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const keyPrefix = `${KEY_PREFIX}:${duration}s`;
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        keyPrefix,
        points: limit,
        duration,
        // Not connected: count in memory at once rather than send a command bound to fail.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: limit, duration }),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
