import { processEnv } from "../lib/config/env";
import { loadConfig } from "../lib/config/load";
import { isServerlessPlatform } from "../lib/config/server";
import { createPgliteStore, createPostgresStore } from "../lib/db/drizzle-store";
import type { Store } from "../lib/db/store";
import { createFileStorage } from "../lib/storage";
import { removeOrphanFiles, UNSENT_UPLOAD_RETENTION_MS } from "../lib/storage/uploads";
import { describeDatabase, describeError } from "./script-output";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `npm run db:prune`: deletes guests idle for GUEST_RETENTION_DAYS (default 30) with all their chats, then the
 * uploaded files no one can reach any more, from the database and from file storage. Idempotent and safe to run from
 * cron on any number of machines.
 */
async function main(): Promise<string> {
  const config = loadConfig(processEnv());
  const { database } = config;
  if (database.kind === "memory") {
    return "No database configured (set POSTGRES_URL or PGLITE_DIR): the in-memory store keeps nothing to prune.";
  }
  let store: Store;
  let where: string;
  if (database.kind === "pglite") {
    store = await createPgliteStore({ dir: database.dir });
    where = `PGlite database in ${database.dir}`;
  } else {
    const postgres = createPostgresStore({ url: database.url, poolMax: 1, connectTimeoutMs: database.connectTimeoutMs });
    await postgres.migrate();
    store = postgres;
    where = `PostgreSQL database ${describeDatabase(database.url)}`;
  }
  try {
    const days = config.limits.guestRetentionDays;
    const deleted = await store.deleteIdleGuests({ idleSince: new Date(Date.now() - days * DAY_MS) });
    const storage = createFileStorage(config.storage, isServerlessPlatform());
    const files = await removeOrphanFiles(store, storage, new Date(Date.now() - UNSENT_UPLOAD_RETENTION_MS));
    return [
      `Deleted ${deleted} guest${deleted === 1 ? "" : "s"} idle for more than ${days} days from the ${where}.`,
      `Removed ${files} uploaded file${files === 1 ? "" : "s"} no one can reach (deleted users or chats, unsent for a day).`,
    ].join("\n");
  } finally {
    await store.close();
  }
}

main().then(
  (result) => console.log(result),
  (error: unknown) => {
    console.error(`Pruning failed: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
