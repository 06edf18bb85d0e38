import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";

import { migratePglite, migratePostgres, toWholeSeconds } from "./migrate";

// No "server-only" here: the database scripts (db:check, db:backup, db:restore) run this module under plain Node.

type Row = Record<string, unknown>;

/**
 * One connection to the configured database, PostgreSQL or PGlite, speaking plain SQL: what the database scripts
 * need and the Store does not offer (catalog queries, cursors, one transaction over many statements).
 */
export interface SqlSession {
  readonly kind: "postgres" | "pglite";
  /** Where, safe to print: host/name for PostgreSQL (never the password), the directory for PGlite. */
  readonly description: string;
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Applies the migrations of a folder (default: drizzle/) the way the app does at boot. */
  migrate(migrationsFolder?: string): Promise<void>;
  close(): Promise<void>;
}

/** host:port/name of a PostgreSQL URL: the URL itself may hold a password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** A single connection, so that BEGIN, cursors and COMMIT all run on it. Rejects when the server does not answer. */
export async function openPostgresSession(options: { url: string; connectTimeoutMs: number }): Promise<SqlSession> {
  const client = postgres(options.url, {
    max: 1,
    connect_timeout: toWholeSeconds(options.connectTimeoutMs),
    onnotice: () => {},
    connection: { application_name: "chatbot-scripts" },
  });
  const session: SqlSession = {
    kind: "postgres",
    description: `PostgreSQL ${describePostgresUrl(options.url)}`,
    query: async <T extends Row>(text: string, params: readonly unknown[] = []) =>
      [...(await client.unsafe<T[]>(text, params as postgres.ParameterOrJSON<never>[]))],
    migrate: (migrationsFolder) => migratePostgres({ url: options.url, connectTimeoutMs: options.connectTimeoutMs, migrationsFolder }),
    close: () => client.end({ timeout: 5 }),
  };
  try {
    await session.query("select 1");
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  return session;
}

/** Whether a PGlite directory holds a database (PGlite creates one in any directory it opens). */
export function hasPgliteDatabase(dir: string): boolean {
  return existsSync(path.join(dir, "PG_VERSION"));
}

/**
 * Opens a PGlite database. With `snapshot`, a copy of it: PGlite has no locking, and a second process opening a
 * directory the app is using could damage it, so reading scripts never open the live directory.
 */
export async function openPgliteSession(options: { dir: string; snapshot?: boolean }): Promise<SqlSession> {
  let dir = options.dir;
  let cleanup = () => {};
  if (options.snapshot && hasPgliteDatabase(options.dir)) {
    const copy = mkdtempSync(path.join(tmpdir(), "chatbot-pglite-"));
    cpSync(options.dir, copy, { recursive: true });
    // The copy must not think another server owns it.
    rmSync(path.join(copy, "postmaster.pid"), { force: true });
    dir = copy;
    cleanup = () => rmSync(copy, { recursive: true, force: true });
  } else {
    mkdirSync(dir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (error) {
    cleanup();
    throw error;
  }
  return {
    kind: "pglite",
    description: `PGlite ${options.dir}`,
    query: async <T extends Row>(text: string, params: readonly unknown[] = []) =>
      (await client.query<T>(text, [...params])).rows,
    migrate: (migrationsFolder) => migratePglite(drizzle({ client }), migrationsFolder),
    close: async () => {
      await client.close();
      cleanup();
    },
  };
}
