import { type AppServer, startAppServer } from "./app-server";
import { type Nginx, startNginx } from "./nginx";
import { type PostgresCluster, startPostgres } from "./postgres";
import { type RedisServer, startRedisServer } from "./redis-server";
import { freePort } from "./free-port";

/** One app instance of the pair behind nginx: its port stays the same when it is killed and started again. */
export type ScaleInstance = {
  name: string;
  url: string;
  port: number;
  /** The running process; replaced by restart(). */
  server(): AppServer;
  /** Everything this instance printed, across restarts. */
  output(): string;
  /** Ends the process with a real signal (SIGKILL by default) and waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the instance again on its port (after kill()) and waits until it answers. */
  restart(): Promise<void>;
};

export type ScaleHarness = {
  /** nginx, round robin over the two instances. */
  url: string;
  instances: readonly [ScaleInstance, ScaleInstance];
  redis: RedisServer;
  nginx: Nginx;
  postgres: PostgresCluster;
  /** The environment every instance runs with (limits included), for tests that compute expectations from it. */
  env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
};

export type ScaleHarnessOptions = { env?: Record<string, string> };

/** Defaults for the pair; a test file can override any of them through options.env. */
const DEFAULT_ENV: Record<string, string> = {
  // Low, so a test reaches them in a few requests; every test uses fresh guests and its own client addresses.
  API_REQUESTS_PER_MINUTE: "150",
  GUEST_MESSAGES_PER_DAY: "3",
  // Slow enough that a test can act while an answer is written (a "markdown" answer takes several seconds).
  DEMO_STREAM_DELAY_MS: "30",
  // Info: the Redis outage and recovery lines are part of what the tests check.
  LOG_LEVEL: "info",
};

/**
 * Two production instances (scripts/server.cjs of the one build) on two ports, sharing a real PostgreSQL 15 and a real
 * Redis, behind a real nginx. Start it once for all scale-out tests: it takes a while on a busy machine.
 */
export async function startScaleHarness(options: ScaleHarnessOptions = {}): Promise<ScaleHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const [postgres, redis] = await Promise.all([startPostgres(), startRedisServer()]);
    cleanups.push(() => postgres.stop(), () => redis.stop());
    const env = { ...DEFAULT_ENV, ...options.env, POSTGRES_URL: postgres.url, REDIS_URL: redis.url };

    const instances = await Promise.all(["A", "B"].map(async (name) => startInstance(name, env, await freePort())));
    cleanups.push(...instances.map((instance) => () => instance.server().stop()));
    const nginx = await startNginx(instances.map((instance) => `127.0.0.1:${instance.port}`));
    cleanups.push(() => nginx.stop());

    // Until its client is connected an instance counts in memory: start the tests once both share Redis.
    await Promise.all(instances.map((instance) => waitForHealth(instance.url, (health) => health.features.storage.redis === "configured")));
    return { url: nginx.url, instances: [instances[0]!, instances[1]!], redis, nginx, postgres, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startInstance(name: string, env: Record<string, string>, port: number): Promise<ScaleInstance> {
  let server = await startAppServer(env, { port });
  let earlier = "";
  return {
    name,
    url: server.url,
    port,
    server: () => server,
    output: () => earlier + server.output(),
    kill: (signal = "SIGKILL") => server.kill(signal),
    restart: async () => {
      earlier += server.output();
      server = await startAppServer(env, { port });
    },
  };
}

export type HealthBody = {
  status: "healthy" | "degraded" | "unhealthy";
  database: { connected: boolean; type: string };
  features: { storage: { redis: "configured" | "missing" | "unreachable" } };
};

export async function readHealth(baseUrl: string): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`${baseUrl}/api/health`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

/** Polls an instance's /api/health until `until` holds (probe results are cached for a second). */
export async function waitForHealth(baseUrl: string, until: (health: HealthBody) => boolean, timeoutMs = 30_000): Promise<HealthBody> {
  const deadline = Date.now() + timeoutMs;
  let last: HealthBody | undefined;
  while (Date.now() < deadline) {
    last = await readHealth(baseUrl).then(
      ({ body }) => body,
      () => undefined,
    );
    if (last && until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${baseUrl}/api/health never reached the expected state; last: ${JSON.stringify(last)}`);
}
