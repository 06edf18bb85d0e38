import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Guest, newGuest, postChat, type UIChunk, userMessage } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { type PostgresCluster, startPostgres } from "../support/postgres";

/**
 * Chats go on while PostgreSQL is shut down and started again, and while it hangs (every process of its cluster
 * frozen): every answer a client saw end is stored, requests made meanwhile answer 503 instead of waiting, and
 * /api/health answers throughout: unhealthy while the database is away, healthy again soon after it is back.
 * The test runs its own cluster, since it stops it.
 */

const CLIENTS = 6;
/** Requests sent while the database is down; each must come back while it is still down. */
const PROBES = 8;

type Outcome =
  | { kind: "answered"; chatId: string; answerId: string; sawPending: boolean; at: number }
  | { kind: "refused"; status: number; code: string | null; retryAfter: string | null; at: number }
  | { kind: "broken"; detail: string; at: number };

let cluster: PostgresCluster;
let server: AppServer;

beforeAll(async () => {
  cluster = await startPostgres();
  server = await startAppServer({
    POSTGRES_URL: cluster.url,
    // Long enough that answers are still streaming when the database goes away, and end while it is away.
    DEMO_STREAM_DELAY_MS: "8",
    DB_POOL_MAX: "4",
    GUEST_MESSAGES_PER_DAY: "100000",
  });
});

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});

/** Answers whose client was told, mid-stream, that the answer is not saved yet (the store refused it). */
let pendingNotices = 0;
/** Text deltas received so far by each answer still streaming. */
const streaming = new Map<string, number>();
/** An outage begins while answers are early in their stream, so that they end (and are saved) while it lasts. */
const EARLY_DELTAS = 25;

function parseChunks(text: string): UIChunk[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)) as UIChunk);
}

const isPendingNotice = (chunk: UIChunk) =>
  chunk.type === "message-metadata" && (chunk.messageMetadata as { pending?: string } | undefined)?.pending === "saving";

/** Sends one message in a new chat and reads the answer to its end, as a browser would. */
async function chatOnce(guest: Guest): Promise<Outcome> {
  const chatId = randomUUID();
  let response: Response;
  try {
    response = await postChat(server.url, guest, { id: chatId, message: userMessage(`Tell me about fault ${chatId}`) });
  } catch (error) {
    return { kind: "broken", detail: `request failed: ${String(error)}`, at: Date.now() };
  }
  if (response.status !== 200) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    return { kind: "refused", status: response.status, code: body?.error?.code ?? null, retryAfter: response.headers.get("retry-after"), at: Date.now() };
  }
  // Read as it arrives: the notice that the answer is not saved yet comes before the end, which waits for the save.
  const chunks: UIChunk[] = [];
  let buffered = "";
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  streaming.set(chatId, 0);
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      buffered += next.value;
      const complete = buffered.lastIndexOf("\n\n");
      if (complete === -1) continue;
      const arrived = parseChunks(buffered.slice(0, complete));
      buffered = buffered.slice(complete + 2);
      if (arrived.some(isPendingNotice)) pendingNotices += 1;
      streaming.set(chatId, (streaming.get(chatId) ?? 0) + arrived.filter((chunk) => chunk.type === "text-delta").length);
      chunks.push(...arrived);
    }
  } finally {
    streaming.delete(chatId);
  }
  chunks.push(...parseChunks(buffered));
  const start = chunks.find((chunk) => chunk.type === "start");
  const answerId = typeof start?.messageId === "string" ? start.messageId : null;
  if (!answerId || chunks.at(-1)?.type !== "finish") {
    return { kind: "broken", detail: `stream ended without finish: ${JSON.stringify(chunks.slice(-2))}`, at: Date.now() };
  }
  return { kind: "answered", chatId, answerId, sawPending: chunks.some(isPendingNotice), at: Date.now() };
}

type Health = { status: string; database: { connected: boolean } };

/**
 * /api/health as a monitor reads it. It must answer while the database is away or frozen: a request still without
 * an answer after 5 s fails the test (its probe has a deadline far shorter than that).
 */
async function readHealth(): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Health };
}

/** Polls health until it reads `status`; `withinMs` bounds the wait (a recovery that takes longer fails the test). */
async function untilHealth(status: "healthy" | "unhealthy", withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const health = await readHealth();
    expect([200, 503]).toContain(health.status);
    if (health.body.status === status) {
      expect(health.status).toBe(status === "healthy" ? 200 : 503);
      expect(health.body.database.connected).toBe(status === "healthy");
      return;
    }
    if (Date.now() > deadline) throw new Error(`health did not read ${status} within ${withinMs} ms; last: ${JSON.stringify(health.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls a condition the way a user would wait for something to show. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 40_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}; the server said:\n${server.output().slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("chatting through database outages", () => {
  it("stores every answer a client saw end, and answers 503 database_unavailable while the database is away", { timeout: 180_000 }, async () => {
    const guests = await Promise.all(Array.from({ length: CLIENTS }, () => newGuest(server.url)));
    const outcomes: Outcome[] = [];
    let isRunning = true;
    const clients = guests.map(async (guest) => {
      while (isRunning) {
        const outcome = await chatOnce(guest);
        outcomes.push(outcome);
        // A refused client tries again soon, as the chat's Retry would; it does not hammer the server meanwhile.
        if (outcome.kind === "refused") await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    const answeredSince = (since: number) => outcomes.filter((outcome) => outcome.kind === "answered" && outcome.at > since);

    const outages = [
      { name: "shut down", begin: () => cluster.shutDownServer(), end: () => cluster.startServer() },
      { name: "hanging", begin: () => cluster.pauseServer(), end: () => cluster.resumeServer() },
    ];
    try {
      await until(() => answeredSince(0).length >= CLIENTS, "every client has had an answer");
      for (const outage of outages) {
        const noticesBefore = pendingNotices;
        await until(
          () => [...streaming.values()].filter((deltas) => deltas > 0 && deltas < EARLY_DELTAS).length >= 2,
          `two answers are early in their stream (${outage.name})`,
        );
        await outage.begin();
        // Health says so (its probe result is cached for a second), and keeps answering while the database hangs.
        await untilHealth("unhealthy", 10_000);
        // Sent while the database is down, and all back, refused, before it returns: nothing waits for it.
        const probes = await Promise.all(Array.from({ length: PROBES }, (_, index) => chatOnce(guests[index % CLIENTS]!)));
        expect(
          probes.map((probe) => (probe.kind === "refused" ? [probe.status, probe.code, Number(probe.retryAfter) > 0] : probe)),
          outage.name,
        ).toEqual(probes.map(() => [503, "database_unavailable", true]));
        // Answers that were streaming when the database went away end while it is away: their clients are told
        // the answer is not saved yet, and the end of their stream waits for the save.
        await until(() => pendingNotices > noticesBefore, `an answer is waiting for the store (${outage.name})`);
        await outage.end();
        const recovered = Date.now();
        // Healthy again within 5 s of the database's return, without a restart.
        await untilHealth("healthy", 5_000);
        await until(() => answeredSince(recovered).length >= CLIENTS, `clients are answered again (${outage.name})`);
      }
    } finally {
      isRunning = false;
      await cluster.resumeServer();
      await Promise.all(clients);
    }

    expect(outcomes.filter((outcome) => outcome.kind === "broken")).toEqual([]);
    // The same process served it all: no crash, no restart.
    expect(() => process.kill(server.pid, 0)).not.toThrow();
    const refusedOtherwise = outcomes.filter((outcome) => outcome.kind === "refused" && (outcome.status !== 503 || outcome.code !== "database_unavailable"));
    expect(refusedOtherwise).toEqual([]);
    const acknowledged = outcomes.flatMap((outcome) => (outcome.kind === "answered" ? [outcome] : []));
    expect(acknowledged.filter((outcome) => outcome.sawPending).length).toBeGreaterThanOrEqual(outages.length);

    const client = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const stored = await client<{ id: string }[]>`select id from messages where role = 'assistant'`;
      expect(stored.length).toBe(acknowledged.length);
      expect(stored.map((row) => row.id).sort()).toEqual(acknowledged.map((outcome) => outcome.answerId).sort());
    } finally {
      await client.end();
    }
  });
});
