import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPostgresStore, type PostgresStore } from "@/lib/db/drizzle-store";
import {
  chatWithAnswer,
  getChat,
  type Guest,
  newGuest,
  postChat,
  readUIStream,
  signInWithPassword,
  type StoredChat,
  userMessage,
} from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

let database: ScratchDatabase;
let store: PostgresStore;
let sql: postgres.Sql;
const servers: AppServer[] = [];

async function start(env: Record<string, string> = {}): Promise<AppServer> {
  const server = await startAppServer({ POSTGRES_URL: database.url, ...env });
  servers.push(server);
  return server;
}

async function registeredUser(email = `user.${randomUUID()}@example.com`, password = "a long password") {
  const user = await store.createUser({ isGuest: false, email, passwordHash: await hashPassword(password) });
  return { user, email, password };
}

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresUrl"), "accounts");
  store = createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 });
  await store.migrate();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await sql?.end();
  await store?.close();
  await database?.drop();
});

describe("access control matrix", () => {
  let server: AppServer;
  let owner: Guest;
  let chatId: string;
  const sessions: Record<string, Guest | null> = {};

  beforeAll(async () => {
    server = await start();
    const account = await registeredUser();
    owner = (await signInWithPassword(server.url, account.email, account.password))!;
    chatId = await chatWithAnswer(server.url, owner, "the owner's secret plan");
    const other = await registeredUser();
    sessions["another registered user"] = await signInWithPassword(server.url, other.email, other.password);
    sessions["a guest"] = await newGuest(server.url);
    sessions["no session"] = null;
  });

  it("signs registered users in only with the right password", async () => {
    const account = await registeredUser();
    expect(await signInWithPassword(server.url, account.email, "wrong password")).toBeNull();
    expect(await signInWithPassword(server.url, `nobody.${randomUUID()}@example.com`, "whatever")).toBeNull();
    expect(await signInWithPassword(server.url, account.email, account.password)).not.toBeNull();
  });

  it("lets the owner read the chat and its messages", async () => {
    const response = await getChat(server.url, owner, chatId);
    expect(response.status).toBe(200);
    const chat = (await response.json()) as StoredChat;
    expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  /** Every operation on a chat, as one user would send it. */
  function operations(session: Guest | null, answerId: string) {
    const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
    const json = { ...headers, "content-type": "application/json" };
    const chatUrl = `${server.url}/api/chat/${chatId}`;
    return {
      "read the chat and its messages": () => getChat(server.url, session, chatId),
      "post a message": () => postChat(server.url, session, { id: chatId, message: userMessage("intruding") }),
      "stop the answer": () => fetch(`${chatUrl}/stream`, { method: "DELETE", headers }),
      "rename it": () => fetch(chatUrl, { method: "PATCH", headers: json, body: JSON.stringify({ title: "pwned" }) }),
      "change its visibility": () => fetch(chatUrl, { method: "PATCH", headers: json, body: JSON.stringify({ visibility: "public" }) }),
      "vote on a message": () =>
        fetch(`${chatUrl}/votes`, { method: "PUT", headers: json, body: JSON.stringify({ messageId: answerId, isUpvoted: false }) }),
      "list its votes": () => fetch(`${chatUrl}/votes`, { headers }),
      "delete it": () => fetch(chatUrl, { method: "DELETE", headers }),
    };
  }

  async function ownerView() {
    const chat = (await (await getChat(server.url, owner, chatId)).json()) as StoredChat & {
      chat: { visibility: string };
    };
    const votes = (await (await fetch(`${server.url}/api/chat/${chatId}/votes`, { headers: { cookie: owner.cookie } })).json()) as {
      votes: { messageId: string; isUpvoted: boolean }[];
    };
    return { title: chat.chat.title, visibility: chat.chat.visibility, messages: chat.messages.length, votes: votes.votes };
  }

  async function answerIdOf(): Promise<string> {
    const chat = (await (await getChat(server.url, owner, chatId)).json()) as StoredChat;
    return chat.messages.find((m) => m.role === "assistant")!.id;
  }

  for (const who of ["another registered user", "a guest", "no session"]) {
    const expected = who === "no session" ? 401 : 404;
    it(`answers ${expected} to ${who} for every operation on the owner's chat, and changes nothing`, async () => {
      const before = await ownerView();
      for (const [name, send] of Object.entries(operations(sessions[who] ?? null, await answerIdOf()))) {
        const response = await send();
        expect(response.status, name).toBe(expected);
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error.code, name).toBe(expected === 401 ? "unauthorized" : "not_found");
      }
      expect(await ownerView()).toEqual(before);
    });
  }

  it("lets the owner rename, vote, and share read-only with anyone, then revoke the share", async () => {
    const answerId = await answerIdOf();
    const json = { cookie: owner.cookie, "content-type": "application/json" };
    const chatUrl = `${server.url}/api/chat/${chatId}`;
    expect((await fetch(chatUrl, { method: "PATCH", headers: json, body: JSON.stringify({ title: "Renamed" }) })).status).toBe(200);
    const vote = await fetch(`${chatUrl}/votes`, { method: "PUT", headers: json, body: JSON.stringify({ messageId: answerId, isUpvoted: true }) });
    expect(vote.status).toBe(200);
    expect(await ownerView()).toMatchObject({ title: "Renamed", visibility: "private", votes: [{ messageId: answerId, isUpvoted: true }] });

    const share = (session: Guest | null) =>
      fetch(`${server.url}/api/share/${chatId}`, { headers: session ? { cookie: session.cookie } : {} });
    for (const session of [owner, ...Object.values(sessions)]) expect((await share(session)).status).toBe(404);

    expect((await fetch(chatUrl, { method: "PATCH", headers: json, body: JSON.stringify({ visibility: "public" }) })).status).toBe(200);
    for (const session of [owner, ...Object.values(sessions)]) {
      const response = await share(session);
      expect(response.status).toBe(200);
      const shared = (await response.json()) as { chat: Record<string, unknown>; messages: { role: string }[] };
      expect(shared.chat.title).toBe("Renamed");
      expect(shared.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      expect(JSON.stringify(shared)).not.toMatch(/userId|costUsd|inputTokens/);
    }
    // Public is read-only for everyone else: the same operations still find nothing to change.
    for (const who of ["another registered user", "a guest"]) {
      const before = await ownerView();
      for (const [name, send] of Object.entries(operations(sessions[who] ?? null, answerId))) {
        expect((await send()).status, `${who}: ${name}`).toBe(404);
      }
      expect(await ownerView()).toEqual(before);
    }

    expect((await fetch(chatUrl, { method: "PATCH", headers: json, body: JSON.stringify({ visibility: "private" }) })).status).toBe(200);
    for (const session of [owner, ...Object.values(sessions)]) expect((await share(session)).status).toBe(404);
  });

  it("answers 400 to malformed updates and votes, and 404 to a vote on a message that is not in the chat", async () => {
    const json = { cookie: owner.cookie, "content-type": "application/json" };
    const chatUrl = `${server.url}/api/chat/${chatId}`;
    const cases: [string, string, unknown, number][] = [
      [chatUrl, "PATCH", {}, 400],
      [chatUrl, "PATCH", { title: "" }, 400],
      [chatUrl, "PATCH", { visibility: "everyone" }, 400],
      [`${chatUrl}/votes`, "PUT", { messageId: "x" }, 400],
      [`${chatUrl}/votes`, "PUT", { messageId: "no-such-message", isUpvoted: true }, 404],
    ];
    for (const [url, method, body, status] of cases) {
      const response = await fetch(url, { method, headers: json, body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body)).toBe(status);
    }
  });

  it("lets the owner delete the chat", async () => {
    const doomed = await chatWithAnswer(server.url, owner, "delete me");
    const response = await fetch(`${server.url}/api/chat/${doomed}`, { method: "DELETE", headers: { cookie: owner.cookie } });
    expect(response.status).toBe(204);
    expect((await getChat(server.url, owner, doomed)).status).toBe(404);
  });
});

describe("limits", () => {
  it("limits guest creation per IP, and for the whole instance, so a loop cannot fill the users table", async () => {
    const server = await start({ GUEST_CREATIONS_PER_IP_PER_HOUR: "3", GUEST_CREATIONS_PER_HOUR: "5" });
    const guestCount = async () => (await sql<{ count: number }[]>`select count(*)::int as count from users where is_guest`)[0]!.count;
    const before = await guestCount();
    const attempt = (ip: string) =>
      fetch(`${server.url}/api/auth/guest`, { redirect: "manual", headers: { "x-forwarded-for": ip } });

    const fromOneIp = [];
    for (let i = 0; i < 5; i++) fromOneIp.push(await attempt("203.0.113.7"));
    expect(fromOneIp.map((r) => r.status)).toEqual([307, 307, 307, 429, 429]);
    const limited = fromOneIp[3]!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");

    const fromOthers = [];
    for (let i = 0; i < 20; i++) fromOthers.push((await attempt(`198.51.100.${i}`)).status);
    expect(fromOthers.filter((status) => status === 307)).toHaveLength(2);

    expect((await guestCount()) - before).toBe(5);
  });

  it("answers 429 with Retry-After past the guest's daily messages, and does not save the extra message", async () => {
    const server = await start({ GUEST_MESSAGES_PER_DAY: "2" });
    const guest = await newGuest(server.url);
    const chatId = await chatWithAnswer(server.url, guest, "first");
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("second") }));

    const third = await postChat(server.url, guest, { id: chatId, message: userMessage("third") });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await third.json()) as { error: { code: string; message: string; resetsAt: string } };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.message).toContain("Sign up");
    // The next midnight UTC, which Retry-After counts down to.
    expect(body.error.resetsAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    expect(Date.parse(body.error.resetsAt) - Date.now()).toBeGreaterThan(0);

    const chat = (await (await getChat(server.url, guest, chatId)).json()) as StoredChat;
    expect(chat.messages.filter((m) => m.role === "user")).toHaveLength(2);
  });

  it("gives registered users their own, larger quota", async () => {
    const server = await start({ GUEST_MESSAGES_PER_DAY: "1", USER_MESSAGES_PER_DAY: "2" });
    const account = await registeredUser();
    const session = (await signInWithPassword(server.url, account.email, account.password))!;
    const chatId = await chatWithAnswer(server.url, session, "one");
    await readUIStream(await postChat(server.url, session, { id: chatId, message: userMessage("two") }));
    const third = await postChat(server.url, session, { id: chatId, message: userMessage("three") });
    expect(third.status).toBe(429);
    const body = (await third.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.message).not.toContain("Sign up");
  });

  it("limits API requests per IP per minute", async () => {
    const server = await start({ API_REQUESTS_PER_MINUTE: "5" });
    const guest = await newGuest(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await getChat(server.url, guest, randomUUID())).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    // A short-window request limit, not the daily allowance: no sign-up offer, no daily reset.
    const limited = (await (await getChat(server.url, guest, randomUUID())).json()) as { error: { code: string; resetsAt?: string } };
    expect(limited.error.code).toBe("rate_limited");
    expect(limited.error.resetsAt).toBeUndefined();
  });
});

describe("npm run db:prune", () => {
  it("deletes guests idle longer than GUEST_RETENTION_DAYS with their chats, and nobody else", async () => {
    const idleGuest = await store.createUser({ isGuest: true });
    const idleChat = await store.createChat({ id: randomUUID(), userId: idleGuest.id, title: "old" });
    const activeGuest = await store.createUser({ isGuest: true });
    const { user: idleRegistered } = await registeredUser();
    await sql`update users set last_active_at = now() - interval '10 days' where id in ${sql([idleGuest.id, idleRegistered.id])}`;
    await sql`update users set last_active_at = now() - interval '3 days' where id = ${activeGuest.id}`;
    // Uploads: the idle guest's (goes with the guest), an active guest's never sent for two days, and a fresh one.
    const uploadDir = mkdtempSync(path.join(tmpdir(), "chatbot-prune-"));
    const upload = async (userId: string) => {
      const id = randomUUID();
      mkdirSync(path.join(uploadDir, userId), { recursive: true });
      writeFileSync(path.join(uploadDir, userId, id), "bytes");
      return store.createFile({ id, userId, name: "a.png", mediaType: "image/png", size: 5, storageKey: `${userId}/${id}` });
    };
    const idleUpload = await upload(idleGuest.id);
    const staleUpload = await upload(activeGuest.id);
    const freshUpload = await upload(activeGuest.id);
    await sql`update files set created_at = now() - interval '2 days' where id = ${staleUpload.id}`;

    const { stdout } = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/db-prune.ts"],
      { cwd: ROOT, env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, POSTGRES_URL: database.url, GUEST_RETENTION_DAYS: "7", AUTH_SECRET: "x".repeat(32), UPLOAD_DIR: uploadDir } },
    );
    expect(stdout).toMatch(/^Deleted [1-9]\d* guests? idle for more than 7 days/);
    expect(stdout).toMatch(/Removed [1-9]\d* uploaded files?/);
    expect(existsSync(path.join(uploadDir, idleUpload.storageKey))).toBe(false);
    expect(existsSync(path.join(uploadDir, staleUpload.storageKey))).toBe(false);
    expect(existsSync(path.join(uploadDir, freshUpload.storageKey))).toBe(true);
    expect(await store.getFileById({ id: staleUpload.id })).toBeNull();
    expect(await store.getFileById({ id: freshUpload.id })).not.toBeNull();
    rmSync(uploadDir, { recursive: true, force: true });
    expect(await store.getUserById({ id: idleGuest.id })).toBeNull();
    expect(await store.getChatById({ id: idleChat!.id })).toBeNull();
    expect(await store.getUserById({ id: activeGuest.id })).not.toBeNull();
    expect(await store.getUserById({ id: idleRegistered.id })).not.toBeNull();
  });
});
