import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatWithAnswer, getChat, type Guest, newGuest, postChat, type StoredChat, type UIChunk, userMessage } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { type PostgresCluster, startPostgres } from "../support/postgres";

/**
 * An answer's life on one instance, with real processes: followed from its start by a second reader without Redis,
 * and what SIGTERM does to the answers being written (they finish within SHUTDOWN_TIMEOUT_MS, or are saved as
 * `interrupted`; the process exits 0 either way). Messages say "markdown" for a long demo answer.
 */

let cluster: PostgresCluster;
let sql: postgres.Sql;

beforeAll(async () => {
  cluster = await startPostgres();
  sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await cluster?.stop();
});

/** Reads a UI message stream as it arrives. */
function streamReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const chunks: UIChunk[] = [];
  let buffered = "";
  let isDone = false;
  const readMore = async () => {
    const next = await reader.read();
    if (next.done) {
      isDone = true;
      return;
    }
    buffered += next.value;
    const complete = buffered.lastIndexOf("\n\n");
    if (complete === -1) return;
    for (const line of buffered.slice(0, complete).split("\n")) {
      if (line.startsWith("data: {")) chunks.push(JSON.parse(line.slice("data: ".length)) as UIChunk);
    }
    buffered = buffered.slice(complete + 2);
  };
  const text = () =>
    chunks
      .filter((chunk) => chunk.type === "text-delta")
      .map((chunk) => chunk.delta ?? "")
      .join("");
  return {
    chunks,
    text,
    /** Reads until the answer has sent at least `count` text deltas. */
    async untilDeltas(count: number) {
      while (!isDone && chunks.filter((chunk) => chunk.type === "text-delta").length < count) await readMore();
    },
    async toEnd() {
      while (!isDone) await readMore();
      return { chunks, text: text() };
    },
  };
}

const finishOf = (chunks: UIChunk[]) => chunks.findLast((chunk) => chunk.type === "finish") as { messageMetadata?: { status?: string } } | undefined;

async function storedAnswers(chatId: string) {
  return sql<{ id: string; status: string; parts: { type: string; text?: string }[] }[]>`
    select id, status, parts from messages where chat_id = ${chatId} and role = 'assistant' order by created_at`;
}

const textOf = (parts: { type: string; text?: string }[]) => parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");

describe("one instance, without Redis", () => {
  let server: AppServer;
  let guest: Guest;

  beforeAll(async () => {
    server = await startAppServer({ POSTGRES_URL: cluster.url, DEMO_STREAM_DELAY_MS: "15", GUEST_MESSAGES_PER_DAY: "1000", LOG_LEVEL: "info" });
    guest = await newGuest(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("GET /api/chat/<id>/stream answers 204 when nothing is being written, and 404 for another user's chat", async () => {
    const chatId = await chatWithAnswer(server.url, guest, "Hello there");
    const idle = await fetch(`${server.url}/api/chat/${chatId}/stream`, { headers: { cookie: guest.cookie } });
    expect(idle.status).toBe(204);
    const stranger = await newGuest(server.url);
    const foreign = await fetch(`${server.url}/api/chat/${chatId}/stream`, { headers: { cookie: stranger.cookie } });
    expect(foreign.status).toBe(404);
  });

  it("a reader mid-answer sees it being written and follows it from its first word to the end, as stored", async () => {
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("Tell me about markdown while I reload") });
    expect(response.status).toBe(200);
    const original = streamReader(response);
    await original.untilDeltas(5);

    // What a reload reads: the answer as still being written, not missing and not finished.
    const read = (await (await getChat(server.url, guest, chatId)).json()) as StoredChat;
    expect(read.messages.map((message) => [message.role, message.metadata.pending ?? null])).toEqual([
      ["user", null],
      ["assistant", "writing"],
    ]);

    const followed = await fetch(`${server.url}/api/chat/${chatId}/stream`, { headers: { cookie: guest.cookie } });
    expect(followed.status).toBe(200);
    expect(followed.headers.get("content-type")).toContain("text/event-stream");
    const [first, second] = await Promise.all([original.toEnd(), streamReader(followed).toEnd()]);

    expect(finishOf(first.chunks)?.messageMetadata?.status).toBe("complete");
    expect(finishOf(second.chunks)?.messageMetadata?.status).toBe("complete");
    expect(second.text).toBe(first.text);
    const [stored] = await storedAnswers(chatId);
    expect(stored?.status).toBe("complete");
    expect(textOf(stored!.parts)).toBe(first.text);
    // Once it is stored nothing is live any more.
    expect((await fetch(`${server.url}/api/chat/${chatId}/stream`, { headers: { cookie: guest.cookie } })).status).toBe(204);
  });

  it("on SIGTERM lets the answer being written finish, takes no new message meanwhile, and exits 0", async () => {
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("Finish this markdown answer before you go") });
    const reader = streamReader(response);
    await reader.untilDeltas(5);
    process.kill(server.pid, "SIGTERM");
    // The signal is handled on the server's next turn of its event loop; a request that reaches it in the same turn
    // may still be served. Once health says it is going (503, or the socket is closed), nothing new is taken.
    await untilShuttingDown(server.url);

    // A new message now is refused, at the socket (Next closed it) or with 503 shutting_down: never answered.
    const late = await postChat(server.url, guest, { id: randomUUID(), message: userMessage("Too late?") }).then(
      async (refused) => ({ status: refused.status, code: ((await refused.json()) as { error?: { code?: string } }).error?.code }),
      () => ({ status: "connection refused" }),
    );
    expect([{ status: "connection refused" }, { status: 503, code: "shutting_down" }]).toContainEqual(late);

    const { chunks, text } = await reader.toEnd();
    expect(finishOf(chunks)?.messageMetadata?.status).toBe("complete");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const [stored] = await storedAnswers(chatId);
    expect(stored?.status).toBe("complete");
    expect(textOf(stored!.parts)).toBe(text);
    expect(server.output()).toContain("shutdown: done");
  });
});

describe("SIGTERM with a short SHUTDOWN_TIMEOUT_MS", () => {
  let server: AppServer;

  beforeAll(async () => {
    // Far slower than the timeout: the answer cannot finish in time.
    server = await startAppServer({ POSTGRES_URL: cluster.url, DEMO_STREAM_DELAY_MS: "200", SHUTDOWN_TIMEOUT_MS: "500", LOG_LEVEL: "info" });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("saves the answer it cuts off as interrupted, with what it had written, ends its stream and exits 0", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("A markdown answer that will not finish") });
    const reader = streamReader(response);
    await reader.untilDeltas(2);
    process.kill(server.pid, "SIGTERM");

    const { chunks, text } = await reader.toEnd();
    expect(finishOf(chunks)?.messageMetadata?.status).toBe("interrupted");
    expect(text).not.toContain("The README lists every setting.");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const [stored] = await storedAnswers(chatId);
    expect(stored?.status).toBe("interrupted");
    expect(textOf(stored!.parts)).toBe(text);
    expect(server.output()).toContain("shutdown: answers still being written are saved as interrupted");
  });
});

/** Polls /api/health until the server says it is shutting down (503) or no longer takes connections. */
async function untilShuttingDown(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(`${url}/api/health`).then(
      (response) => response.status,
      () => "closed" as const,
    );
    if (status === 503 || status === "closed") return;
    if (Date.now() > deadline) throw new Error(`the server still answered health ${status} 20 s after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
