import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

import { hasPgliteDatabase, openPgliteSession, openPostgresSession, type SqlSession } from "../sql-session";
import { type BackupFormat, defaultBackupPath } from "./backup-file";
import { findPgTool, type PgToolContext, runPgDump } from "./pg-tools";
import { serverVersion, writePortableBackup } from "./portable";

// No "server-only" here: the database scripts run this module under plain Node.

/** A database the scripts can reach (the in-memory store keeps nothing to back up or restore). */
export type ScriptDatabase =
  | { kind: "postgres"; url: string; connectTimeoutMs: number }
  | { kind: "pglite"; dir: string };

export type BackupResult = {
  file: string;
  format: BackupFormat;
  bytes: number;
  /** One line for the operator: what was backed up, with what, and why the portable format when it was chosen. */
  summary: string;
};

export class NoDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoDatabaseError";
  }
}

/** Opens the database for reading; a PGlite database through a copy, never the directory the app may be using. */
export async function openForReading(database: ScriptDatabase): Promise<SqlSession> {
  if (database.kind === "postgres") return openPostgresSession(database);
  if (!hasPgliteDatabase(database.dir)) {
    throw new NoDatabaseError(`There is no PGlite database in ${database.dir} yet (the app creates it when it starts).`);
  }
  return openPgliteSession({ dir: database.dir, snapshot: true });
}

/**
 * Backs the app's data up to `file` (default: a new file under backups/): with pg_dump when one that can read the
 * server is installed, else (and always for PGlite, or with `portable`) in the app's portable format. The file
 * appears only once complete, readable by its owner only: it holds password hashes and every chat.
 */
export async function backupDatabase(
  database: ScriptDatabase,
  options: { file?: string; portable?: boolean; tools: PgToolContext },
): Promise<BackupResult> {
  const session = await openForReading(database);
  let format: BackupFormat = "portable";
  let file: string;
  let partial = "";
  try {
    const server = await serverVersion(session);
    let why = "";
    let dumpTool = null;
    if (database.kind === "postgres" && !options.portable) {
      const choice = await findPgTool("pg_dump", server.major, options.tools);
      if (choice.tool) dumpTool = choice.tool;
      else why = ` (${choice.reason})`;
    } else if (database.kind === "pglite") {
      why = " (pg_dump cannot reach PGlite)";
    }
    format = dumpTool ? "pg_dump" : "portable";
    file = options.file ?? defaultBackupPath(format);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    partial = `${file}.partial`;
    let how: string;
    if (dumpTool && database.kind === "postgres") {
      await runPgDump(dumpTool, options.tools, { url: database.url, connectTimeoutMs: database.connectTimeoutMs, file: partial });
      how = `pg_dump ${dumpTool.version} (custom format)`;
    } else {
      const counts = await writePortableBackup(session, partial);
      how = `the portable format${why}: ${describeCounts(counts)}`;
    }
    chmodSync(partial, 0o600);
    renameSync(partial, file);
    const bytes = statSync(file).size;
    return { file, format, bytes, summary: `Backed up ${session.description} (server ${server.version}) with ${how}.` };
  } catch (error) {
    if (partial) rmSync(partial, { force: true });
    throw error;
  } finally {
    await session.close().catch(() => {});
  }
}

export function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "no tables" : entries.map(([table, rows]) => `${table} ${rows}`).join(", ");
}
