import { mkdirSync } from "node:fs";

import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";

import { processEnv } from "../lib/config/env";
import { loadConfig } from "../lib/config/load";
import { migratePglite, migratePostgres } from "../lib/db/migrate";
import { describeDatabase, describeError } from "./script-output";

/**
 * `npm run db:migrate`: brings the configured database (POSTGRES_URL / DATABASE_URL, else PGLITE_DIR) up to date.
 * Prints one line; on failure that line says why and the exit code is 1. Safe to run while the app is up and from
 * several deploy jobs at once (Postgres migrations take an advisory lock).
 */
async function main(): Promise<string> {
  const { database } = loadConfig(processEnv());
  switch (database.kind) {
    case "memory":
      return "No database configured (set POSTGRES_URL or PGLITE_DIR): the in-memory store needs no migration.";
    case "pglite": {
      mkdirSync(database.dir, { recursive: true });
      const client = await PGlite.create(database.dir);
      try {
        await migratePglite(drizzle({ client }));
      } finally {
        await client.close();
      }
      return `PGlite database in ${database.dir} is up to date.`;
    }
    case "postgres":
      await migratePostgres({ url: database.directUrl ?? database.url, connectTimeoutMs: database.connectTimeoutMs });
      return `PostgreSQL database ${describeDatabase(database.url)} is up to date.`;
  }
}

main().then(
  (result) => console.log(result),
  (error: unknown) => {
    console.error(`Migration failed: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
