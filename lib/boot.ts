import "server-only";

import { servedModels } from "./ai/configured-models";
import { getActiveAnswers } from "./chat/active-answers";
import { getAnswerQueue } from "./chat/answer-queue";
import { ConfigError, getConfig, isBuildPhase, isServerlessPlatform } from "./config";
import { bootStore } from "./db";
import { installShutdownHandlers } from "./lifecycle/shutdown";
import { loadRedisDriver, waitForRedis, waitForRedisSubscriber } from "./redis/client";

/** How long boot waits for Redis; past it the instance starts anyway, with per-instance counters. */
const BOOT_REDIS_WAIT_MS = 2_000;

/**
 * Validates the config, opens the store and connects to Redis (when configured) before the first request. A bad
 * environment stops the process with one line naming the variable, instead of a stack trace on some later request. On a serverless platform the
 * instance stays up instead, so that /api/health can say "unhealthy" and routes answer 503 server_misconfigured.
 */
export async function bootServer(): Promise<void> {
  if (isBuildPhase()) return;
  try {
    getConfig();
    // That GUEST_MODELS names models this server serves. From the model lists alone: the registry itself, with the AI
    // SDK and the provider packages, is built by the first route that needs it, in the routes' own module graph.
    servedModels(getConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`chatbot: ${error.message}\n`);
      if (isServerlessPlatform()) return;
      process.exit(1);
    }
    throw error;
  }
  // Listens for Stop signals from the other instances from the start, not from this instance's first answer; and
  // sweeps Redis for answers another instance could not save before it died.
  // ioredis only when Redis is configured; everything below may ask for a client.
  await loadRedisDriver();
  getActiveAnswers();
  getAnswerQueue();
  await Promise.all([bootStore(), waitForRedis(BOOT_REDIS_WAIT_MS), waitForRedisSubscriber(BOOT_REDIS_WAIT_MS)]);
  // Serverless platforms freeze and end instances themselves; a server process drains its answers on SIGTERM.
  if (getConfig().isProduction && !isServerlessPlatform()) installShutdownHandlers();
}
