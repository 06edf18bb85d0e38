import "server-only";
import type { Redis, RedisOptions } from "ioredis";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { watchRedisAvailability } from "./availability";

/** A command that has not answered by then fails, and its caller falls back (rate limits count in memory). */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** A server that stops answering while commands wait (hung, partitioned) has its connection dropped and reopened. */
const REDIS_SOCKET_TIMEOUT_MS = 2_000;
/** Reconnection backs off to this and keeps trying: a Redis that comes back is picked up without a restart. */
const REDIS_RECONNECT_MAX_DELAY_MS = 2_000;

/**
 * Fail fast: no offline queue and no retry of a command, so a dead Redis costs a request nothing but a fallback, and
 * nothing queues up in memory while it is away.
 */
export function redisOptions(): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 250, REDIS_RECONNECT_MAX_DELAY_MS),
  };
}

type RedisClients = {
  main?: Redis;
  subscriber?: Redis;
  closing: WeakSet<Redis>;
  /** ioredis's client class, once loadRedisDriver() has imported it. */
  driver?: typeof Redis;
};

// Kept on globalThis: instrumentation and the route bundles may load this module separately, and must share one client.
const globalForRedis = globalThis as unknown as { __chatbotRedis?: RedisClients };
const clients = (globalForRedis.__chatbotRedis ??= { closing: new WeakSet() });

/**
 * Imports ioredis when REDIS_URL is set, and only then: without Redis a start does not load the package (tens of
 * milliseconds). The server's boot awaits this before anything asks for a client, so getRedis() can stay synchronous.
 */
export async function loadRedisDriver(): Promise<void> {
  if (clients.driver || !getConfig().redis.url) return;
  clients.driver = (await import("ioredis")).Redis;
}

/**
 * The process-wide Redis client, or null without REDIS_URL. Created and connected on first use (boot calls it, so
 * the connection is usually ready before the first request); commands fail at once while it is not connected.
 * Needs loadRedisDriver() first (bootServer runs it).
 */
export function getRedis(): Redis | null {
  const { url } = getConfig().redis;
  if (!url) return null;
  if (!clients.main) {
    if (!clients.driver) throw new Error("getRedis() before loadRedisDriver(): the server's boot loads the Redis driver first");
    const client = new clients.driver(url, { ...redisOptions(), connectionName: "chatbot" });
    watchRedisAvailability(client, () => clients.closing.has(client));
    // Connection failures arrive as "error" events (logged once per outage); the promise adds nothing.
    client.connect().catch(() => {});
    clients.main = client;
  }
  return clients.main;
}

/**
 * A second connection for SUBSCRIBE, which takes a connection over (pub/sub: resumable streams, Stop from another
 * instance). Created on first use; null without REDIS_URL. Its outages are the main client's, so it logs at debug.
 */
export function getRedisSubscriber(): Redis | null {
  const main = getRedis();
  if (!main) return null;
  if (!clients.subscriber) {
    const subscriber = main.duplicate({ connectionName: "chatbot-subscriber" });
    subscriber.on("error", (error: unknown) => log.debug("redis: subscriber connection error", { err: error }));
    subscriber.connect().catch(() => {});
    clients.subscriber = subscriber;
  }
  return clients.subscriber;
}

/**
 * Resolves once the client is connected, or after timeoutMs (Redis down: everything falls back, nothing waits).
 * Boot waits this long so that the first requests are counted in Redis rather than in memory.
 */
export function waitForRedis(timeoutMs: number): Promise<boolean> {
  return waitUntilReady(getRedis(), timeoutMs);
}

/** The same for the subscriber connection: a SUBSCRIBE before it is ready fails (no offline queue). */
export function waitForRedisSubscriber(timeoutMs: number): Promise<boolean> {
  return waitUntilReady(getRedisSubscriber(), timeoutMs);
}

function waitUntilReady(client: Redis | null, timeoutMs: number): Promise<boolean> {
  if (!client) return Promise.resolve(false);
  if (client.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once("ready", onReady);
  });
}

/** Closes both connections (graceful shutdown); waits for pending replies, up to the command timeout. */
export async function closeRedis(): Promise<void> {
  const open = [clients.main, clients.subscriber].filter((client): client is Redis => client !== undefined);
  for (const client of open) clients.closing.add(client);
  clients.main = clients.subscriber = undefined;
  await Promise.all(
    open.map((client) =>
      client.status === "ready"
        ? client.quit().then(
            () => {},
            () => client.disconnect(),
          )
        : client.disconnect(),
    ),
  );
}
