import path from "node:path";

import { z } from "zod";

import { intInRange, optionalEnum, optionalMatching, optionalString } from "./fields";

const postgresUrl = optionalMatching(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://");

export const databaseEnvSchema = z.object({
  /** PostgreSQL connection string. DATABASE_URL is accepted as an alias. */
  POSTGRES_URL: postgresUrl,
  DATABASE_URL: postgresUrl,
  /**
   * A direct (not pooled) connection to the same database, for migrations: their session advisory lock does not hold
   * through a transaction-mode pooler. Vercel's Neon and Supabase integrations set one of these next to POSTGRES_URL.
   */
  POSTGRES_URL_NON_POOLING: postgresUrl,
  DATABASE_URL_UNPOOLED: postgresUrl,
  /** Maximum connections in each instance's Postgres pool. */
  DB_POOL_MAX: intInRange(1, 500, 10),
  /** How long boot waits for Postgres before applying the fallback policy. */
  DB_CONNECT_TIMEOUT_MS: intInRange(100, 60_000, 5_000),
  /**
   * How long a database call waits for an answer before it answers 503 database_unavailable, so an outage fails fast
   * instead of piling requests up: its query gets this long, and a call waiting for a free pooled connection gives up
   * this long after the database last answered any call (ten times this at most while the queue moves).
   */
  DB_QUERY_TIMEOUT_MS: intInRange(100, 60_000, 1_000),
  /**
   * Named prepared statements on PostgreSQL (parsed once per connection, one round trip per query). Default: on,
   * unless POSTGRES_URL_NON_POOLING / DATABASE_URL_UNPOOLED says POSTGRES_URL is a pooler; set `false` behind a
   * transaction-mode pooler that cannot keep them (PgBouncer before 1.21 or without max_prepared_statements).
   */
  DB_PREPARED_STATEMENTS: optionalEnum(["true", "false"], "must be true or false"),
  /** In production an unreachable Postgres is an outage unless the operator opts into `memory`. */
  DATABASE_FALLBACK: optionalEnum(["memory", "none"], "must be memory or none"),
  /** Directory of an embedded, persistent PGlite database (used when POSTGRES_URL is unset). */
  PGLITE_DIR: optionalString,
});

export type DatabaseConfig =
  | {
      kind: "postgres";
      url: string;
      /** Direct connection for migrations (POSTGRES_URL_NON_POOLING / DATABASE_URL_UNPOOLED); absent: use `url`. */
      directUrl?: string;
      poolMax: number;
      connectTimeoutMs: number;
      /** DB_QUERY_TIMEOUT_MS: the deadline of a query, and of a wait for a connection while the database is silent. */
      queryTimeoutMs: number;
      /** DB_PREPARED_STATEMENTS, defaulting to off behind a pooler (a non-pooling URL is configured). */
      preparedStatements: boolean;
      fallback: "memory" | "none";
    }
  | { kind: "pglite"; dir: string }
  | { kind: "memory" };

/** Postgres when a URL is set, else PGlite when PGLITE_DIR is, else the in-memory store. */
export function parseDatabase(e: z.infer<typeof databaseEnvSchema>, context: { isProduction: boolean }): DatabaseConfig {
  const url = e.POSTGRES_URL ?? e.DATABASE_URL;
  if (url) {
    const directUrl = e.POSTGRES_URL_NON_POOLING ?? e.DATABASE_URL_UNPOOLED;
    return {
      kind: "postgres",
      url,
      ...(directUrl ? { directUrl } : {}),
      poolMax: e.DB_POOL_MAX,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
      preparedStatements: e.DB_PREPARED_STATEMENTS === undefined ? !directUrl : e.DB_PREPARED_STATEMENTS === "true",
      // Development and tests fall back so a stopped local Postgres never blocks work; production must opt in.
      fallback: e.DATABASE_FALLBACK ?? (context.isProduction ? "none" : "memory"),
    };
  }
  if (e.PGLITE_DIR) return { kind: "pglite", dir: path.resolve(/*turbopackIgnore: true*/ e.PGLITE_DIR) };
  return { kind: "memory" };
}
