import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { readMigrationFiles } from "drizzle-orm/migrator";

import { MIGRATIONS_FOLDER } from "./migrate";
import type { SqlSession } from "./sql-session";

// No "server-only" here: the database scripts run this module under plain Node.

/** A migration this code ships: its file name (tag), drizzle-kit's timestamp, and the hash drizzle records. */
export type CodeMigration = { tag: string; when: number; hash: string };

/** A row of drizzle's journal table in a database. */
export type AppliedMigration = { hash: string; createdAt: number };

type Journal = { entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[] };

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal;
}

/** The migrations in drizzle/, oldest first. */
export function listCodeMigrations(folder: string = MIGRATIONS_FOLDER): CodeMigration[] {
  const files = readMigrationFiles({ migrationsFolder: folder });
  return readJournal(folder).entries.map((entry, index) => ({
    tag: entry.tag,
    when: entry.when,
    hash: files[index]?.hash ?? "",
  }));
}

/** What drizzle's migrator recorded in the database; empty when it never ran there. */
export async function readAppliedMigrations(session: Pick<SqlSession, "query">): Promise<AppliedMigration[]> {
  const [table] = await session.query<{ name: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return [];
  const rows = await session.query<{ hash: string; created_at: string | number }>(
    `select hash, created_at from drizzle.__drizzle_migrations order by created_at, id`,
  );
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}

export type MigrationStatus = {
  applied: CodeMigration[];
  /** Newer than the last applied one: the next `npm run db:migrate` (or the app's boot) applies them. */
  pending: CodeMigration[];
  /**
   * Not applied, yet older than the last applied migration. Drizzle only applies migrations newer than the last one
   * it recorded, so these never would be: a migration merged with an earlier timestamp than one already deployed.
   */
  skipped: CodeMigration[];
  /** Recorded in the database but unknown to this code: applied by a newer version of the app. */
  unknown: AppliedMigration[];
};

/** Drizzle applies only the migrations newer than the last one it recorded. */
const lastAppliedAt = (applied: readonly AppliedMigration[]): number => Math.max(-Infinity, ...applied.map((migration) => migration.createdAt));

/** Compares the code's migrations with the database's journal the way drizzle decides (by timestamp). */
export function compareMigrations(code: readonly CodeMigration[], applied: readonly AppliedMigration[]): MigrationStatus {
  const appliedAt = new Set(applied.map((migration) => migration.createdAt));
  const last = lastAppliedAt(applied);
  const known = new Set(code.map((migration) => migration.when));
  return {
    applied: code.filter((migration) => appliedAt.has(migration.when)),
    pending: code.filter((migration) => !appliedAt.has(migration.when) && migration.when > last),
    skipped: code.filter((migration) => !appliedAt.has(migration.when) && migration.when <= last),
    unknown: applied.filter((migration) => !known.has(migration.createdAt)),
  };
}

/**
 * Whether drizzle's migrator would find nothing to apply (no `pending` in compareMigrations' terms), read without the
 * migration lock and without hashing the SQL files: the boot's shortcut past the lock. A migration another instance
 * is applying right now is not visible (its transaction has not committed), so such a database reads as behind and
 * the boot takes the lock and waits, as it would without the check.
 */
export async function hasNoPendingMigrations(session: Pick<SqlSession, "query">, folder: string = MIGRATIONS_FOLDER): Promise<boolean> {
  const applied = await readAppliedMigrations(session);
  if (applied.length === 0) return false;
  const last = lastAppliedAt(applied);
  return readJournal(folder).entries.every((entry) => entry.when <= last);
}

/**
 * A migrations folder holding only the given migrations of drizzle/ (a prefix of them), so that a database can be
 * brought to exactly the schema a backup was made at. The caller removes the returned directory.
 */
export function writeMigrationsFolder(migrations: readonly CodeMigration[], source: string = MIGRATIONS_FOLDER): string {
  const tags = new Set(migrations.map((migration) => migration.tag));
  const folder = mkdtempSync(path.join(tmpdir(), "chatbot-migrations-"));
  mkdirSync(path.join(folder, "meta"));
  const journal = readJournal(source);
  const entries = journal.entries.filter((entry) => tags.has(entry.tag));
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }, null, 2));
  for (const entry of entries) copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}
