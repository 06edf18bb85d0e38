import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createPgliteStore, createPostgresStore } from "@/lib/db/drizzle-store";
import { migratePostgres } from "@/lib/db/migrate";
import { listCodeMigrations, writeMigrationsFolder } from "@/lib/db/migration-status";
import type { Store } from "@/lib/db/store";

import { freePort } from "../support/free-port";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

type ScriptRun = { code: number | null; stdout: string; stderr: string };

/** Runs one of scripts/ as `npm run` does (tsx from the project root), with only the given environment. */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, path.join("scripts", script), ...args], {
      cwd: ROOT,
      // Only what a script needs: nothing of this test process's environment leaks in (NODE_ENV included).
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const databases: ScratchDatabase[] = [];
const directories: string[] = [];

async function emptyPostgres(): Promise<string> {
  const database = await createScratchDatabase(inject("postgresUrl"), "scripts");
  databases.push(database);
  return database.url;
}

async function scratchDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  directories.push(dir);
  return dir;
}

/** A store of each kind over a database, closed when done. */
async function withPostgresStore<T>(url: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = createPostgresStore({ url, poolMax: 2, connectTimeoutMs: 5_000 });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function withPgliteStore<T>(dir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createPgliteStore({ dir, migrate: false });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

type Seeded = { userIds: string[]; email: string; chatIds: string[]; fileIds: string[] };

/**
 * What a real database holds after some use: a registered user with a linked GitHub account and a guest; a public
 * and a private chat; a message tree with an edited question and a regenerated answer (every version kept), answers
 * with usage and statuses, text that stresses JSON (quotes, backslashes, emoji, newlines); votes; attached and
 * unattached files, documents among them with the text, pages and flags read at upload.
 */
async function seed(store: Store): Promise<Seeded> {
  const email = `Ada.${randomUUID().slice(0, 8)}@Example.com`;
  const user = await store.createUser({ isGuest: false, email, passwordHash: "scrypt$16384$8$1$salt$hash" });
  const guest = await store.createUser({ isGuest: true });
  await store.linkAccount({ userId: user.id, provider: "github", providerAccountId: "4242" });

  const chatId = randomUUID();
  const sharedId = randomUUID();
  await store.createChat({ id: chatId, userId: user.id, title: "Trip to Kyōto 🗾", model: "demo/chat" });
  await store.createChat({ id: sharedId, userId: guest.id, title: "Shared recipe" });
  await store.updateChatVisibility({ chatId: sharedId, userId: guest.id, visibility: "public" });

  const photo = await store.createFile({ id: randomUUID(), userId: user.id, name: "map \"1\".png", mediaType: "image/png", size: 2048, storageKey: `${user.id}/a` });
  const unsent = await store.createFile({ id: randomUUID(), userId: user.id, name: "later.webp", mediaType: "image/webp", size: 10, storageKey: `${user.id}/b` });
  const documentText = '[Page 1]\nRevenue "grew" 12% \\ 📈\n\n[Page 2]\nTabs\tand <document> tags';
  const report = await store.createFile({
    id: randomUUID(),
    userId: user.id,
    name: "Q3 report.pdf",
    mediaType: "application/pdf",
    size: 40_960,
    storageKey: `${user.id}/c`,
    document: { kind: "pdf", text: documentText, pageCount: 2, charCount: documentText.length, truncated: true },
  });
  const notes = await store.createFile({
    id: randomUUID(),
    userId: user.id,
    name: "notes.md",
    mediaType: "text/markdown",
    size: 12,
    storageKey: `${user.id}/d`,
    document: { kind: "markdown", text: "# Kyōto\n- go", pageCount: null, charCount: 12, truncated: false },
  });
  await store.attachFilesToChat({ userId: user.id, chatId, fileIds: [photo.id, report.id] });

  const at = (seconds: number) => new Date(Date.UTC(2026, 6, 20, 7, 11, seconds, 676));
  const usage = { inputTokens: 1200, outputTokens: 345, costUsd: 0.00123456 };
  await store.saveMessages({
    messages: [
      { chatId, id: "u1", role: "user", parentId: null, createdAt: at(1), parts: [{ type: "text", text: 'Plan "3 days"\nin Kyōto \\ 🏯' }, { type: "file", url: `/api/files/${photo.id}`, mediaType: "image/png" }, { type: "file", url: `/api/files/${report.id}`, mediaType: "application/pdf", filename: report.name, providerMetadata: { chatbot: { kind: "pdf", size: report.size, pageCount: 2, charCount: documentText.length, truncated: true } } }] },
      { chatId, id: "a1", role: "assistant", parentId: "u1", createdAt: at(2), model: "demo/chat", usage, parts: [{ type: "reasoning", text: "Thinking…" }, { type: "text", text: "Day 1: Fushimi Inari." }] },
      { chatId, id: "a1-v2", role: "assistant", parentId: "u1", createdAt: at(3), model: "demo/mini", status: "stopped", usage: { inputTokens: 10, outputTokens: 2, costUsd: 0 }, parts: [{ type: "text", text: "Day 1:" }] },
      { chatId, id: "u1-edit", role: "user", parentId: null, createdAt: at(4), parts: [{ type: "text", text: "Plan 2 days instead" }] },
      { chatId, id: "a2", role: "assistant", parentId: "u1-edit", createdAt: at(5), model: "demo/chat", status: "error", parts: [] },
      { chatId: sharedId, id: "s1", role: "user", parentId: null, createdAt: at(6), parts: [{ type: "text", text: "Pancakes?" }] },
    ],
  });
  await store.voteMessage({ chatId, messageId: "a1", isUpvoted: true });
  await store.voteMessage({ chatId, messageId: "a1-v2", isUpvoted: false });
  return { userIds: [user.id, guest.id], email, chatIds: [chatId, sharedId], fileIds: [photo.id, unsent.id, report.id, notes.id] };
}

/** Everything the app can read back about the seeded rows, through the Store. */
async function readBack(store: Store, seeded: Seeded) {
  return {
    users: await Promise.all(seeded.userIds.map((id) => store.getUserById({ id }))),
    byEmail: await store.getUserByEmail({ email: seeded.email }),
    byAccount: await store.getUserByAccount({ provider: "github", providerAccountId: "4242" }),
    accounts: await store.listAccountsByUserId({ userId: seeded.userIds[0] ?? "" }),
    chats: await Promise.all(seeded.userIds.map((userId) => store.listChatsByUserId({ userId, limit: 10 }))),
    messages: await Promise.all(seeded.chatIds.map((chatId) => store.getMessagesByChatId({ chatId }))),
    votes: await Promise.all(seeded.chatIds.map((chatId) => store.getVotesByChatId({ chatId }))),
    files: await Promise.all(seeded.fileIds.map((id) => store.getFileById({ id }))),
    usage: await store.getUsageSince({ since: new Date(0) }),
  };
}

let sourceUrl: string;
let seeded: Seeded;
let expected: Awaited<ReturnType<typeof readBack>>;
let noPgTools: string;
/** The portable backup of the source, made when no pg_dump is found; later tests restore it elsewhere. */
let portable: string;

/** Each test runs several scripts (a process each, PGlite's start-up in WASM); a busy machine makes that slow. */
const SCRIPTS_TIMEOUT = { timeout: 300_000 };

beforeAll(async () => {
  sourceUrl = await emptyPostgres();
  noPgTools = await scratchDirectory("chatbot-no-pg-tools-");
  await withPostgresStore(sourceUrl, async (store) => {
    await migratePostgres({ url: sourceUrl });
    seeded = await seed(store);
    expected = await readBack(store, seeded);
  });
  // The seed is what the assertions below compare against: make sure it holds what it says.
  expect(expected.messages[0]?.map((message) => message.id)).toEqual(["u1", "a1", "a1-v2", "u1-edit", "a2"]);
  expect(expected.files[1]?.chatId).toBeNull();
  expect(expected.files[2]).toMatchObject({ kind: "pdf", pageCount: 2, truncated: true, chatId: seeded.chatIds[0] });
  expect(expected.files[2]?.attachedAt).toBeInstanceOf(Date);
  expect(expected.files[3]).toMatchObject({ kind: "markdown", text: "# Kyōto\n- go", attachedAt: null });
});

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop().catch(() => {})));
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("npm run db:backup and db:restore on PostgreSQL 15", SCRIPTS_TIMEOUT, () => {
  let archive: string;

  it("backs up with pg_dump by default into a new file under backups/, printing its path", async () => {
    const backup = await runScript("db-backup.ts", [], { POSTGRES_URL: sourceUrl });
    expect(backup.code, backup.stderr).toBe(0);
    archive = path.resolve(ROOT, backup.stdout.trim());
    try {
      expect(backup.stdout.trim()).toMatch(/^backups\/chatbot-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.dump$/);
      expect(backup.stderr).toContain("pg_dump 15.");
      expect(readFileSync(archive).subarray(0, 5).toString()).toBe("PGDMP");
      expect(statSync(archive).mode & 0o077).toBe(0);
      // Moved beside the test's other files: backups/ belongs to whoever runs the app from this checkout.
      const kept = path.join(await scratchDirectory("chatbot-archive-"), "backup.dump");
      copyFileSync(archive, kept);
      archive = kept;
    } finally {
      rmSync(path.resolve(ROOT, backup.stdout.trim()), { force: true });
    }
  });

  it("restores the archive with pg_restore into an empty database: every row reads back the same through the Store", async () => {
    const target = await emptyPostgres();
    const restore = await runScript("db-restore.ts", [archive], { POSTGRES_URL: target });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("pg_restore 15.");
    expect(restore.stdout).toMatch(/users 2, .*messages 6, .*votes 2/);
    await withPostgresStore(target, async (store) => expect(await readBack(store, seeded)).toEqual(expected));
    const check = await runScript("db-check.ts", [], { POSTGRES_URL: target });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("writes the portable format when no pg_dump is found, and restores it into an empty database", async () => {
    portable = path.join(await scratchDirectory("chatbot-portable-"), "nested", "chatbot.jsonl.gz");
    const backup = await runScript("db-backup.ts", [portable], { POSTGRES_URL: sourceUrl, PG_BIN_DIR: noPgTools });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout.trim()).toBe(portable);
    expect(backup.stderr).toContain("the portable format (no pg_dump in PG_BIN_DIR");
    expect(existsSync(`${portable}.partial`)).toBe(false);

    const target = await emptyPostgres();
    const restore = await runScript("db-restore.ts", [portable], { POSTGRES_URL: target, PG_BIN_DIR: noPgTools });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("the portable format");
    await withPostgresStore(target, async (store) => {
      expect(await readBack(store, seeded)).toEqual(expected);
      // The restored database takes new rows as the original would.
      const chat = await store.createChat({ id: randomUUID(), userId: seeded.userIds[0] ?? "", title: "after the restore" });
      expect(chat).not.toBeNull();
    });
  });

  it("refuses to restore into a database that has the app's tables, and replaces them with --force", async () => {
    const target = await emptyPostgres();
    await migratePostgres({ url: target });
    const marker = await withPostgresStore(target, (store) => store.createUser({ isGuest: true }));

    const refused = await runScript("db-restore.ts", [archive], { POSTGRES_URL: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The database is not empty (it has public.accounts");
    expect(refused.stderr).toContain("--force");
    await withPostgresStore(target, async (store) => expect(await store.getUserById({ id: marker.id })).not.toBeNull());

    const forced = await runScript("db-restore.ts", [archive, "--force"], { POSTGRES_URL: target });
    expect(forced.code, forced.stderr).toBe(0);
    await withPostgresStore(target, async (store) => {
      expect(await store.getUserById({ id: marker.id })).toBeNull();
      expect(await readBack(store, seeded)).toEqual(expected);
    });
  });

  it("says what is wrong with a file that is not a backup, and a backup cut short, without touching the database", async () => {
    const dir = await scratchDirectory("chatbot-bad-backup-");
    const cut = path.join(dir, "cut.jsonl.gz");
    const bytes = readFileSync(portable);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await emptyPostgres();

    const truncated = await runScript("db-restore.ts", [cut], { POSTGRES_URL: target });
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/Restore failed: .*(unexpected end of file|incomplete)/);
    await withPostgresStore(target, async (store) => expect(await store.getUserById({ id: seeded.userIds[0] ?? "" })).toBeNull());

    const notBackup = await runScript("db-restore.ts", [path.join(ROOT, "package.json")], { POSTGRES_URL: target });
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toContain("is not a backup this app made");
    const missing = await runScript("db-restore.ts", [], { POSTGRES_URL: target });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Usage: npm run db:restore -- FILE [--force]");
  });
});

describe("npm run db:backup and db:restore on PGlite", SCRIPTS_TIMEOUT, () => {
  let pgliteDir: string;

  it("restores a portable backup of PostgreSQL into a new PGlite database", async () => {
    pgliteDir = path.join(await scratchDirectory("chatbot-pglite-target-"), "db");
    const restore = await runScript("db-restore.ts", [portable], { PGLITE_DIR: pgliteDir });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`PGlite ${pgliteDir}`);
    await withPgliteStore(pgliteDir, async (store) => expect(await readBack(store, seeded)).toEqual(expected));
  });

  it("backs PGlite up in the portable format (from a copy, never the live directory) and restores it into PostgreSQL", async () => {
    const file = path.join(pgliteDir, "..", "pglite.jsonl.gz");
    const backup = await runScript("db-backup.ts", [file], { PGLITE_DIR: pgliteDir });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain("pg_dump cannot reach PGlite");
    const target = await emptyPostgres();
    const restore = await runScript("db-restore.ts", [file], { POSTGRES_URL: target });
    expect(restore.code, restore.stderr).toBe(0);
    await withPostgresStore(target, async (store) => expect(await readBack(store, seeded)).toEqual(expected));
  });

  it("refuses to restore a pg_dump archive into PGlite, saying how to move the data instead", async () => {
    const archive = path.join(await scratchDirectory("chatbot-fake-archive-"), "a.dump");
    writeFileSync(archive, "PGDMP\x01\x0e\x00");
    const restore = await runScript("db-restore.ts", [archive], { PGLITE_DIR: path.join(pgliteDir, "..", "unused") });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain("pg_dump archive, which only PostgreSQL can restore");
    expect(existsSync(path.join(pgliteDir, "..", "unused"))).toBe(false);
  });
});

describe("npm run db:check", SCRIPTS_TIMEOUT, () => {
  it("reports the server version and applied migrations, and exits 0 when the schema is up to date", async () => {
    const check = await runScript("db-check.ts", [], { POSTGRES_URL: sourceUrl });
    expect(check.code, check.stderr).toBe(0);
    const tags = listCodeMigrations().map((migration) => migration.tag);
    expect(check.stdout).toContain("server 15.");
    expect(check.stdout).toContain(`Applied migrations: ${tags.length} (${tags.join(", ")})`);
    expect(check.stdout).toContain("Pending migrations: 0");
  });

  it("exits 2 listing the pending migrations of a database migrated to an older point; a backup of it restores at that point", async () => {
    const code = listCodeMigrations();
    const older = await emptyPostgres();
    const folder = writeMigrationsFolder(code.slice(0, 3));
    try {
      await migratePostgres({ url: older, migrationsFolder: folder });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const pendingTags = code.slice(3).map((migration) => migration.tag);
    const check = await runScript("db-check.ts", [], { POSTGRES_URL: older });
    expect(check.code).toBe(2);
    expect(check.stdout).toContain(`Pending migrations: ${pendingTags.length} (${pendingTags.join(", ")})`);
    expect(check.stdout).toContain("npm run db:migrate");

    const file = path.join(await scratchDirectory("chatbot-older-"), "older.jsonl.gz");
    expect((await runScript("db-backup.ts", [file, "--portable"], { POSTGRES_URL: older })).code).toBe(0);
    const restored = await emptyPostgres();
    expect((await runScript("db-restore.ts", [file], { POSTGRES_URL: restored })).code).toBe(0);
    const afterRestore = await runScript("db-check.ts", [], { POSTGRES_URL: restored });
    expect(afterRestore.code).toBe(2);
    expect(afterRestore.stdout).toContain(`Pending migrations: ${pendingTags.length} (${pendingTags.join(", ")})`);
  });

  it("exits 1 when it cannot connect, or no database is configured", async () => {
    const port = await freePort();
    const down = await runScript("db-check.ts", [], { POSTGRES_URL: `postgres://postgres:pw@127.0.0.1:${port}/chatbot`, DB_CONNECT_TIMEOUT_MS: "2000" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("Cannot connect to PostgreSQL");
    expect(down.stderr).not.toContain(":pw@");
    const none = await runScript("db-check.ts", [], {});
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No database configured");
  });
});
