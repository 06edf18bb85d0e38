import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Guest, newGuest, postChat, readUIStream, userMessage } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";

/**
 * lib/runtime/idle-gc.ts in a real server run as production runs it (`--expose-gc`): after a burst of chats the
 * process gives its garbage back by itself once it goes idle, and never while an answer is still streaming.
 */

type IdleCollection = { msg: string; pauseMs: number; heapUsedBeforeMiB: number; heapUsedAfterMiB: number; rssBeforeMiB: number; rssAfterMiB: number };

const idleCollections = (output: string): IdleCollection[] =>
  output
    .split("\n")
    .filter((line) => line.includes('"runtime: idle GC"'))
    .map((line) => JSON.parse(line) as IdleCollection);

const rssMiB = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

describe("memory given back once the server goes idle", () => {
  let server: AppServer;
  let guest: Guest;

  beforeAll(async () => {
    server = await startAppServer({
      NODE_OPTIONS: "--expose-gc",
      LOG_LEVEL: "debug",
      // Long demo answers ("markdown"), streaming for several seconds after the last request has arrived.
      DEMO_STREAM_DELAY_MS: "40",
      GUEST_MESSAGES_PER_DAY: "1000",
    });
    guest = await newGuest(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("collects after a burst of chats, only once every answer has ended, and the process's memory comes down", async () => {
    // Every request of the burst arrives at once; the answers go on streaming long after the idle delay.
    const answers = await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const response = await postChat(server.url, guest, { id: randomUUID(), message: userMessage(`Tell me about markdown, part ${index}`) });
        expect(response.status).toBe(200);
        return readUIStream(response);
      }),
    );
    // No collection while they streamed, though no request arrived for far longer than the idle delay.
    expect(idleCollections(server.output())).toEqual([]);
    for (const answer of answers) expect(answer.chunks.findLast((chunk) => chunk.type === "finish")).toBeDefined();
    const rssAfterBurst = rssMiB(server.pid);

    const [collection] = await eventually(async () => {
      const found = idleCollections(server.output());
      return found.length ? found : undefined;
    }, 30_000);
    expect(collection!.heapUsedAfterMiB).toBeLessThan(collection!.heapUsedBeforeMiB);
    expect(collection!.rssAfterMiB).toBeLessThan(collection!.rssBeforeMiB);
    // Seen from outside the process too.
    expect(rssMiB(server.pid)).toBeLessThan(rssAfterBurst);
  });
});
