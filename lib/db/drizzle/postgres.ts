import "server-only";

import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { migratePostgres, toWholeSeconds } from "../migrate";
import { hasNoPendingMigrations } from "../migration-status";
import type { SqlSession } from "../sql-session";
import { QueryGate } from "../query-gate";
import type { RunSql } from "../turn-sql";
import type { Database } from "./context";
import { DrizzleStore } from "./store";

export type PostgresStoreOptions = {
  url: string;
  /** A direct connection for migrations when `url` goes through a transaction-mode pooler (see lib/config/database.ts). */
  migrationUrl?: string;
  /** Connections this instance may open (DB_POOL_MAX). */
  poolMax: number;
  /** How long a new connection may take (DB_CONNECT_TIMEOUT_MS); rounded up to whole seconds. */
  connectTimeoutMs: number;
  /**
   * DB_QUERY_TIMEOUT_MS: how long one call may go without the database answering (its query, or while it waits for a
   * connection, any call) before it answers database_unavailable (see QueryGate); new connections get this long too.
   * Unset: no bound (scripts, tests).
   */
  queryTimeoutMs?: number;
  /**
   * Named prepared statements (default true): each statement is parsed and planned once per connection, and runs in
   * one round trip instead of two. Off behind a transaction-mode pooler that cannot keep them (DB_PREPARED_STATEMENTS).
   */
  preparedStatements?: boolean;
};

/** The server cancels a statement nobody waits for any more after this many times the client's own deadline. */
const SERVER_STATEMENT_TIMEOUT_FACTOR = 10;
/** A call waiting behind calls the database keeps answering gives up after this many times the deadline anyway. */
const MAX_WAIT_FACTOR = 10;

/** DrizzleStore over a postgres-js pool, which can also bring its database's schema up to date. */
export class PostgresStore extends DrizzleStore {
  constructor(
    db: Database,
    runSql: RunSql,
    closeClient: () => Promise<void>,
    private readonly options: PostgresStoreOptions,
    gate: QueryGate | null,
    /** A statement on the pool, outside the query gate: the boot's migration check. */
    private readonly readOnPool: Pick<SqlSession, "query">,
  ) {
    super("postgres", db, runSql, closeClient, gate);
  }

  /**
   * Applies pending migrations over a dedicated connection under an advisory lock (see migratePostgres), so any
   * number of instances may call it at boot. Rejects when the database cannot be reached, which makes it the boot
   * probe too.
   *
   * First, without the lock, a read of drizzle's journal on the pool (opening the pool's first connection, which the
   * first request needs anyway): every boot but a deploy's first finds nothing pending and skips the dedicated
   * connection, the lock and the migrator. When that read fails (the database is down, or behind a pooler that
   * refuses it), the full path below decides, exactly as it did without the check.
   */
  async migrate(): Promise<void> {
    if (await hasNoPendingMigrations(this.readOnPool).catch(() => false)) return;
    await migratePostgres({ url: this.options.migrationUrl ?? this.options.url, connectTimeoutMs: this.options.connectTimeoutMs });
  }
}

/**
 * A store over a postgres-js pool. Connects lazily: creating it never fails, the first query (or ping) does.
 * Does not migrate; call `migrate()` on it (or migratePostgres from ./migrate) first.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { queryTimeoutMs } = options;
  const prepare = options.preparedStatements ?? true;
  const client = postgres(options.url, {
    max: options.poolMax,
    prepare,
    // A request cannot wait longer for a new connection than for its query (a hung server accepts and never answers).
    connect_timeout: toWholeSeconds(queryTimeoutMs === undefined ? options.connectTimeoutMs : Math.min(queryTimeoutMs, options.connectTimeoutMs)),
    // Serverless instances sit idle between requests; give their connections back to the server meanwhile.
    idle_timeout: 30,
    // Seconds before a connection tries again after failing. The driver's own backoff grows to 20 s after a few
    // failures, which would keep answering 503 for that long after the database is back; a second at most instead.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    onnotice: () => {},
    connection: {
      application_name: "chatbot",
      // The server gives up on work whose caller has long stopped waiting, so a slow statement frees its connection.
      ...(queryTimeoutMs === undefined
        ? {}
        : {
            statement_timeout: queryTimeoutMs * SERVER_STATEMENT_TIMEOUT_FACTOR,
            idle_in_transaction_session_timeout: queryTimeoutMs * SERVER_STATEMENT_TIMEOUT_FACTOR,
          }),
    },
  });
  const gate = queryTimeoutMs === undefined ? null : new QueryGate({ slots: options.poolMax, timeoutMs: queryTimeoutMs, maxWaitMs: queryTimeoutMs * MAX_WAIT_FACTOR });
  const runSql: RunSql = (text, params) => client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare });
  const readOnPool: Pick<SqlSession, "query"> = { query: async <T>(text: string) => (await runSql(text, [])) as T[] };
  return new PostgresStore(drizzlePostgres({ client }), runSql, () => client.end({ timeout: 5 }), options, gate, readOnPool);
}

