import { readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { createPgliteStore, createPostgresStore } from "@/lib/db/drizzle-store";
import { MemoryStore } from "@/lib/db/memory-store";
import { MIGRATION_LOCK_KEY, MIGRATIONS_FOLDER, migratePostgres } from "@/lib/db/migrate";
import { listCodeMigrations, writeMigrationsFolder } from "@/lib/db/migration-status";

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

  it("applies each migration once when several instances boot at the same time", async () => {
    const database = await createScratchDatabase(inject("postgresUrl"), "store");
    const stores = [1, 2, 3, 4].map(() => createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 }));
    const client = postgres(database.url, { max: 1 });
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      const [row] = await client<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
      expect(row?.count).toBe(listCodeMigrations().length);
    } finally {
      await client.end();
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    }
  });

  describe("a boot while another session holds the migration lock", () => {
    /**
     * Holds the advisory lock on a connection of its own (as an instance that is migrating does), starts a boot's
     * `store.migrate()`, and tells whether that finished or started waiting for the lock (seen in pg_locks) first.
     */
    async function bootAgainstHeldLock(url: string) {
      const holder = postgres(url, { max: 1, onnotice: () => {} });
      const observer = postgres(url, { max: 1, onnotice: () => {} });
      const store = createPostgresStore({ url, poolMax: 2, connectTimeoutMs: 5_000 });
      await holder`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      let finished = false;
      const migrated = store.migrate().then(() => {
        finished = true;
        return "finished" as const;
      });
      const waiting = (async () => {
        while (!finished) {
          const [row] = await observer<{ waiting: number }[]>`
            select count(*)::int as waiting from pg_locks
            where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`;
          if ((row?.waiting ?? 0) > 0) return "waiting for the lock" as const;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return "finished" as const;
      })();
      const first = await Promise.race([migrated, waiting]);
      const release = async () => {
        await holder`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
        await Promise.all([migrated, waiting]);
        await Promise.all([holder.end(), observer.end(), store.close()]);
      };
      return { first, observer, release };
    }

    it("finds an up-to-date database from the journal alone, without taking the lock or running the migrator", async () => {
      const database = await createScratchDatabase(inject("postgresUrl"), "store");
      try {
        await migratePostgres({ url: database.url });
        const boot = await bootAgainstHeldLock(database.url);
        try {
          expect(boot.first).toBe("finished");
        } finally {
          await boot.release();
        }
      } finally {
        await database.drop();
      }
    });

    it("waits for the lock and applies a pending migration once it is released", async () => {
      const database = await createScratchDatabase(inject("postgresUrl"), "store");
      const code = listCodeMigrations();
      const folder = writeMigrationsFolder(code.slice(0, -1));
      try {
        await migratePostgres({ url: database.url, migrationsFolder: folder });
        const boot = await bootAgainstHeldLock(database.url);
        let applied: { count: number }[] = [];
        try {
          expect(boot.first).toBe("waiting for the lock");
          applied = await boot.observer<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
          expect(applied[0]?.count).toBe(code.length - 1);
        } finally {
          await boot.release();
        }
        const after = postgres(database.url, { max: 1 });
        try {
          const rows = await after<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations order by created_at`;
          expect(rows.map((row) => Number(row.created_at))).toEqual(code.map((migration) => migration.when));
        } finally {
          await after.end();
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
        await database.drop();
      }
    });
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
