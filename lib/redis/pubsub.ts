import "server-only";
import type { Redis } from "ioredis";
import { getRedis, getRedisSubscriber } from "./client";

type Handler = (message: string) => void;

type PubSubState = {
  handlers: Map<string, Set<Handler>>;
  /** Channels subscribed for the life of the process: subscribed again whenever the connection is (re)established. */
  standing: Set<string>;
  attachedTo: Redis | null;
};

// On globalThis, as the clients are: instrumentation and the route bundles must share one dispatcher.
const globalForPubSub = globalThis as unknown as { __chatbotPubSub?: PubSubState };
const state = (globalForPubSub.__chatbotPubSub ??= { handlers: new Map(), standing: new Set(), attachedTo: null });

/**
 * The shared subscriber connection with one dispatcher for every channel. ioredis resubscribes what was subscribed
 * when a connection drops; a standing channel whose first SUBSCRIBE failed (Redis was down) is subscribed on `ready`.
 */
function subscriber(): Redis | null {
  const client = getRedisSubscriber();
  if (!client || state.attachedTo === client) return client;
  state.attachedTo = client;
  client.on("message", (channel: string, message: string) => {
    for (const handler of state.handlers.get(channel) ?? []) handler(message);
  });
  client.on("ready", () => {
    if (state.standing.size > 0) client.subscribe(...state.standing).catch(() => {});
  });
  return client;
}

/**
 * Subscribes to a channel; rejects when Redis is not configured or not connected (nothing is queued while it is
 * away), so the caller can fall back at once.
 */
export async function subscribe(channel: string, handler: Handler): Promise<void> {
  const client = subscriber();
  if (!client) throw new Error("Redis is not configured");
  const handlers = state.handlers.get(channel) ?? new Set<Handler>();
  handlers.add(handler);
  state.handlers.set(channel, handlers);
  try {
    await client.subscribe(channel);
  } catch (error) {
    handlers.delete(handler);
    if (handlers.size === 0) state.handlers.delete(channel);
    throw error;
  }
}

/** Drops every handler of the channel and unsubscribes; never rejects (a connection that is gone has no subscriptions). */
export async function unsubscribe(channel: string): Promise<void> {
  state.handlers.delete(channel);
  if (state.standing.has(channel)) return;
  await subscriber()
    ?.unsubscribe(channel)
    .catch(() => {});
}

/**
 * Listens on a channel for the life of the process, across Redis outages: subscribed now when connected, and again
 * each time the connection is ready. Does nothing without REDIS_URL.
 */
export function listen(channel: string, handler: Handler): void {
  const client = subscriber();
  if (!client) return;
  state.standing.add(channel);
  const handlers = state.handlers.get(channel) ?? new Set<Handler>();
  handlers.add(handler);
  state.handlers.set(channel, handlers);
  if (client.status === "ready") client.subscribe(channel).catch(() => {});
}

/** Publishes on the main connection; resolves to the number of receivers, rejects when Redis is away. */
export async function publish(channel: string, message: string): Promise<number> {
  const client = getRedis();
  if (!client) throw new Error("Redis is not configured");
  return client.publish(channel, message);
}
