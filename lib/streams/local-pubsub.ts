import type { Publisher, Subscriber } from "resumable-stream/generic";

/**
 * resumable-stream's Redis operations, served inside this process: what lets a reload on the same instance follow an
 * answer without Redis (and while Redis is down). Keys expire as they would in Redis.
 */
export function createLocalPubSub(): { publisher: Publisher; subscriber: Subscriber } {
  const values = new Map<string, { value: string; expiresAt: number | null }>();
  const channels = new Map<string, (message: string) => void>();

  const read = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      values.delete(key);
      return null;
    }
    return entry?.value ?? null;
  };

  const publisher: Publisher = {
    connect: async () => {},
    publish: async (channel, message) => {
      const handler = channels.get(channel);
      if (!handler) return 0;
      // Delivered on a later turn, as a network round trip would be: the library relies on publish returning first.
      queueMicrotask(() => handler(message));
      return 1;
    },
    set: async (key, value, options) => {
      const entry = { value, expiresAt: options?.EX ? Date.now() + options.EX * 1000 : null };
      values.set(key, entry);
      // Keys nobody reads again still go, as they would in Redis.
      if (options?.EX) setTimeout(() => values.get(key) === entry && values.delete(key), options.EX * 1000).unref();
      return "OK";
    },
    get: async (key) => read(key),
    incr: async (key) => {
      const next = Number(read(key) ?? 0) + 1;
      if (!Number.isInteger(next)) throw new Error("ERR value is not an integer or out of range");
      values.set(key, { value: String(next), expiresAt: values.get(key)?.expiresAt ?? null });
      return next;
    },
  };

  const subscriber: Subscriber = {
    connect: async () => {},
    subscribe: async (channel, callback) => {
      channels.set(channel, callback);
    },
    unsubscribe: async (channel) => {
      channels.delete(channel);
    },
  };

  return { publisher, subscriber };
}
