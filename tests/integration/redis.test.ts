import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RetryingAnswerQueue } from "@/lib/chat/answer-queue";
import { RedisPendingAnswers } from "@/lib/chat/shared-pending-answers";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
import { RedisRateLimiter } from "@/lib/limits/redis-rate-limiter";
import { log } from "@/lib/log";
import { watchRedisAvailability } from "@/lib/redis/availability";
import { redisOptions } from "@/lib/redis/client";
import { newGuest, postChat, readUIStream, userMessage } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { freePort } from "../support/free-port";
import { type RedisServer, startRedisServer } from "../support/redis-server";

const MINUTE_MS = 60_000;

/** One connection per simulated instance, configured as the app configures its own. */
function connect(server: RedisServer): Redis {
  const client = new Redis(server.url, redisOptions());
  client.on("error", () => {});
  return client;
}

async function untilReady(client: Redis): Promise<void> {
  if (client.status === "wait") await client.connect();
  await vi.waitFor(() => expect(client.status).toBe("ready"), { timeout: 15_000, interval: 50 });
}

/** A real redis-server for the describe block that calls this, and two clients of it (as two instances hold). */
function twoClientsOfOneRedis(): () => Redis[] {
  let server: RedisServer | undefined;
  let clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    clients = [connect(server), connect(server)];
    await Promise.all(clients.map(untilReady));
  });
  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await server?.stop();
  });
  return () => clients;
}

describe("RedisRateLimiter on a real Redis", () => {
  const clients = twoClientsOfOneRedis();

  it("shares one count between instances, and refuses with the seconds left in the window", async () => {
    const [a, b] = clients().map((client) => new RedisRateLimiter(client));
    const key = `test:${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await [a, b][i % 2]!.hit(key, 5, MINUTE_MS));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results.map((result) => result.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[5]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[5]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another key, and the same key under another window, count separately.
    expect((await a!.hit(`test:${randomUUID()}`, 5, MINUTE_MS)).allowed).toBe(true);
    expect((await a!.hit(key, 5, 60 * MINUTE_MS)).allowed).toBe(true);
  });

  it("counts atomically: of many concurrent hits from two instances exactly the limit pass", async () => {
    const limiters = clients().map((client) => new RedisRateLimiter(client));
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => limiters[i % 2]!.hit(key, 25, MINUTE_MS)));
    expect(results.filter((result) => result.allowed)).toHaveLength(25);
    expect(await clients()[0]!.get(`chatbot:rl:60s:${key}`)).toBe("60");
    const ttl = await clients()[0]!.pttl(`chatbot:rl:60s:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE_MS);
  });

  it("counts in memory while Redis is down, logs the outage once and the recovery once, then shares again", async () => {
    const outage = await startRedisServer();
    const client = connect(outage);
    const warn = vi.spyOn(log, "warn");
    const info = vi.spyOn(log, "info");
    try {
      watchRedisAvailability(client, () => false);
      await untilReady(client);
      const limiter = new RedisRateLimiter(client);
      const key = `test:${randomUUID()}`;
      expect((await limiter.hit(key, 3, MINUTE_MS)).allowed).toBe(true);

      await outage.kill("SIGKILL");
      await vi.waitFor(() => expect(client.status).not.toBe("ready"), { timeout: 15_000, interval: 20 });
      // The in-memory insurance limits on its own: 3 per window, per instance.
      const during = [];
      for (let i = 0; i < 5; i++) during.push((await limiter.hit(key, 3, MINUTE_MS)).allowed);
      expect(during).toEqual([true, true, true, false, false]);
      // Reconnection keeps failing meanwhile; each failure is an error event, none is a new log line.
      await new Promise<void>((resolve) => client.once("reconnecting", () => resolve()));
      await new Promise<void>((resolve) => client.once("reconnecting", () => resolve()));
      const outageLines = warn.mock.calls.filter(([message]) => message.startsWith("redis: unreachable"));
      expect(outageLines).toHaveLength(1);

      await outage.start();
      await untilReady(client);
      expect(info.mock.calls.filter(([message]) => message.startsWith("redis: reachable again"))).toHaveLength(1);
      // Redis restarted empty: counting starts over there, shared again.
      const other = connect(outage);
      await untilReady(other);
      const fresh = `test:${randomUUID()}`;
      expect((await limiter.hit(fresh, 1, MINUTE_MS)).allowed).toBe(true);
      expect((await new RedisRateLimiter(other).hit(fresh, 1, MINUTE_MS)).allowed).toBe(false);
      other.disconnect();
    } finally {
      warn.mockRestore();
      info.mockRestore();
      client.disconnect();
      await outage.stop();
    }
  });
});

describe("a Redis that hangs (SIGSTOP)", () => {
  it("falls back to memory while it hangs, drops the connection, logs once, and is used again when it answers", async () => {
    const hung = await startRedisServer();
    const client = connect(hung);
    const warn = vi.spyOn(log, "warn");
    const info = vi.spyOn(log, "info");
    try {
      watchRedisAvailability(client, () => false);
      await untilReady(client);
      const limiter = new RedisRateLimiter(client);
      const key = `test:${randomUUID()}`;
      expect((await limiter.hit(key, 2, MINUTE_MS)).allowed).toBe(true);

      hung.pause();
      // Connected but silent: the check times out into the in-memory insurance instead of waiting on Redis.
      const during = [];
      for (let i = 0; i < 3; i++) during.push((await limiter.hit(key, 2, MINUTE_MS)).allowed);
      expect(during).toEqual([true, true, false]);
      // The socket timeout then drops the connection: an outage, logged once.
      await vi.waitFor(() => expect(warn.mock.calls.filter(([message]) => message.startsWith("redis: unreachable"))).toHaveLength(1), {
        timeout: 15_000,
        interval: 50,
      });
      expect(client.status).not.toBe("ready");

      hung.resume();
      await untilReady(client);
      expect(info.mock.calls.filter(([message]) => message.startsWith("redis: reachable again"))).toHaveLength(1);
      expect(warn.mock.calls.filter(([message]) => message.startsWith("redis: unreachable"))).toHaveLength(1);
      // Shared again. (What timed out during the hang may still have been counted when Redis woke: it errs strict.)
      const other = connect(hung);
      await untilReady(other);
      const fresh = `test:${randomUUID()}`;
      expect((await limiter.hit(fresh, 1, MINUTE_MS)).allowed).toBe(true);
      expect((await new RedisRateLimiter(other).hit(fresh, 1, MINUTE_MS)).allowed).toBe(false);
      other.disconnect();
    } finally {
      warn.mockRestore();
      info.mockRestore();
      client.disconnect();
      await hung.stop();
    }
  });
});

describe("an instance whose Redis is down at boot", () => {
  let app: AppServer;
  let redis: RedisServer | undefined;
  let redisPort: number;

  beforeAll(async () => {
    redisPort = await freePort();
    app = await startAppServer({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, API_REQUESTS_PER_MINUTE: "40", LOG_LEVEL: "info" });
  });

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it("serves, limits in memory and reads degraded; once Redis starts it reads healthy without a restart", async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; features: { storage: { redis: string } } };
    expect(body.status).toBe("degraded");
    expect(body.features.storage.redis).toBe("unreachable");
    expect(JSON.stringify(body)).not.toContain(String(redisPort));

    const guest = await newGuest(app.url);
    const chat = await postChat(app.url, guest, { id: randomUUID(), message: userMessage("Hello without Redis") });
    expect(chat.status).toBe(200);
    expect((await readUIStream(chat)).text).toContain("To chat with a real model");

    const client = { "x-forwarded-for": "203.0.113.77" };
    const statuses = [];
    for (let i = 0; i < 41; i++) statuses.push((await fetch(`${app.url}/api/chats`, { headers: client })).status);
    expect(statuses.slice(0, 40).every((status) => status === 401)).toBe(true);
    expect(statuses[40]).toBe(429);

    redis = await startRedisServer({ port: redisPort });
    await vi.waitFor(
      async () => {
        const later = (await (await fetch(`${app.url}/api/health`)).json()) as typeof body;
        expect(later.features.storage.redis).toBe("configured");
        expect(later.status).toBe("healthy");
      },
      { timeout: 20_000, interval: 200 },
    );
    const lines = app.output().split("\n");
    expect(lines.filter((line) => line.includes("redis: unreachable"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes("redis: reachable again"))).toHaveLength(1);
  });
});

describe("answers waiting for the database, kept in a real Redis", () => {
  const clients = twoClientsOfOneRedis();

  /** A store that keeps what it takes, noting what had happened by then; or, down, refuses everything. */
  function database(events: string[], isDown = false) {
    const saved: SaveMessageInput[] = [];
    const store = {
      async saveMessages({ messages }: { messages: SaveMessageInput[] }) {
        if (isDown) throw new AppError("database_unavailable", "down");
        events.push("saved");
        saved.push(...messages);
      },
    } as unknown as Store;
    return { store, saved };
  }

  /** One instance's queue over the shared Redis, as getAnswerQueue builds it. */
  function instance(client: Redis, store: Store) {
    let queue: RetryingAnswerQueue | null = null;
    const shared = new RedisPendingAnswers(client, async () => store, (answer) => queue?.holds(answer) ?? false, { sweepIntervalMs: 100 });
    queue = new RetryingAnswerQueue(async () => store, { firstDelayMs: 20, maxDelayMs: 50 }, shared);
    return { queue, shared };
  }

  it("shows an answer one instance holds on the other, which saves it once the first has gone, not before", async () => {
    const events: string[] = [];
    // A cannot reach the database (and never will: as good as dead); B can.
    const [unreachable, reachable] = [database(events, true), database(events)];
    const [a, b] = [instance(clients()[0]!, unreachable.store), instance(clients()[1]!, reachable.store)];
    const answer: SaveMessageInput = {
      chatId: randomUUID(),
      id: `answer-${randomUUID()}`,
      role: "assistant",
      parts: [{ type: "text", text: "kept through the outage" }],
      status: "complete",
      createdAt: new Date("2026-01-02T03:04:05.678Z"),
    };
    try {
      let isRetrying = false;
      void a.queue.save(answer, { onRetrying: () => (isRetrying = true) });
      await vi.waitFor(() => expect(isRetrying).toBe(true));
      // A reload served by B sees it as pending, dates included.
      await vi.waitFor(async () => expect(await b.queue.pendingForChat(answer.chatId)).toEqual([answer]));

      // A shuts down with its database away: it leaves the answer in Redis for the others.
      events.push("handed over");
      expect(await a.queue.handOver()).toBe(1);
      await vi.waitFor(() => expect(reachable.saved).toEqual([answer]), { timeout: 10_000 });
      // While A's heartbeat lived, B left A's answer to A.
      expect(events).toEqual(["handed over", "saved"]);
      await vi.waitFor(async () => expect(await b.queue.pendingForChat(answer.chatId)).toEqual([]));
    } finally {
      a.shared.stop();
      b.shared.stop();
    }
  });
});
