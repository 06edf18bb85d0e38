import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { createPgliteStore, createPostgresStore } from "@/lib/db/drizzle-store";
import { MemoryStore } from "@/lib/db/memory-store";
import { MIGRATIONS_FOLDER, migratePostgres } from "@/lib/db/migrate";

import { createScratchDatabase } from "../support/test-database";
import { describeStoreContract } from "./store.contract";

describeStoreContract("memory", async () => ({ store: new MemoryStore(), cleanup: async () => {} }));

describeStoreContract("PGlite", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "chatbot-pglite-"));
  const store = await createPgliteStore({ dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeStoreContract("PostgreSQL 15", async () => {
  const database = await createScratchDatabase(inject("postgresUrl"), "store");
  const store = createPostgresStore({ url: database.url, poolMax: 4, connectTimeoutMs: 5_000 });
  await store.migrate();
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe("PostgreSQL migrations", () => {
  it("applies each migration once when several instances migrate at the same time", async () => {
    const database = await createScratchDatabase(inject("postgresUrl"), "store");
    try {
      await Promise.all([1, 2, 3, 4].map(() => migratePostgres({ url: database.url })));
      const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      const client = postgres(database.url, { max: 1 });
      try {
        const [row] = await client<{ count: number }[]>`
          select count(*)::int as count from drizzle.__drizzle_migrations`;
        expect(row?.count).toBe(journal.entries.length);
        const tables = await client<{ name: string }[]>`
          select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
        expect(tables.map((table) => table.name)).toEqual(["accounts", "chats", "files", "messages", "users", "votes"]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  it("stores message parts as JSON objects that SQL can query, not as JSON strings", async () => {
    const database = await createScratchDatabase(inject("postgresUrl"), "store");
    const store = createPostgresStore({ url: database.url, poolMax: 1, connectTimeoutMs: 5_000 });
    try {
      await store.migrate();
      const user = await store.createUser({ isGuest: true });
      const chatId = crypto.randomUUID();
      await store.createChat({ id: chatId, userId: user.id, title: "t" });
      await store.saveMessages({
        messages: [{ chatId, id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }],
      });
      const client = postgres(database.url, { max: 1 });
      try {
        const [row] = await client<{ kind: string; text: string }[]>`
          select jsonb_typeof(parts) as kind, parts -> 0 ->> 'text' as text from messages where chat_id = ${chatId}`;
        expect(row).toEqual({ kind: "array", text: "hi" });
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

describe("PostgreSQL outage", () => {
  it("rejects with database_unavailable when the server does not answer", async () => {
    const url = new URL(inject("postgresUrl"));
    // Port 1 is reserved and nothing listens there, so the connection is refused at once.
    url.port = "1";
    const store = createPostgresStore({ url: url.toString(), poolMax: 1, connectTimeoutMs: 1_000 });
    try {
      await expect(store.ping()).rejects.toMatchObject({ code: "database_unavailable" });
      await expect(store.getChatById({ id: crypto.randomUUID() })).rejects.toMatchObject({
        code: "database_unavailable",
      });
    } finally {
      await store.close();
    }
  });
});
