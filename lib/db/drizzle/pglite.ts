import "server-only";

import { mkdirSync } from "node:fs";

import { migratePglite } from "../migrate";
import type { RunSql } from "../turn-sql";
import { DrizzleStore } from "./store";

export type PgliteStoreOptions = {
  /** A directory, created when missing, or "memory://" for a database that lives only in this process. */
  dir: string;
  /** Apply pending migrations before returning (default true): an embedded database has no separate deploy step. */
  migrate?: boolean;
};

/** A store over an embedded PGlite database; resolves once it is open (and migrated). */
export async function createPgliteStore({ dir, migrate = true }: PgliteStoreOptions): Promise<DrizzleStore> {
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  // Loaded here, not at the top: a server on PostgreSQL never needs PGlite's code (and its WASM) in memory.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const client = await PGlite.create(dir);
  const db = drizzlePglite({ client });
  const runSql: RunSql = async (text, params) => (await client.query<Record<string, unknown>>(text, [...params])).rows;
  try {
    if (migrate) await migratePglite(db);
  } catch (error) {
    await client.close();
    throw error;
  }
  return new DrizzleStore("pglite", db, runSql, () => client.close());
}
