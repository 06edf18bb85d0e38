import { existsSync, rmSync } from "node:fs";

import { listCodeMigrations, writeMigrationsFolder } from "../migration-status";
import { openPgliteSession, openPostgresSession, type SqlSession } from "../sql-session";
import { countRows, dropAppObjects, listAppRelations, listTablesInDependencyOrder, resetSequences } from "./app-schema";
import type { ScriptDatabase } from "./backup-database";
import { detectBackupFormat } from "./backup-file";
import { findPgTool, type PgToolContext, runPgRestore } from "./pg-tools";
import { BackupFormatError, loadPortableRows, parsePortableHeader, readPortableLines, serverVersion } from "./portable";

// No "server-only" here: the database scripts run this module under plain Node.

export type RestoreResult = {
  counts: Record<string, number>;
  /** One line: what was restored, with what. */
  summary: string;
};

/** The target already holds tables of the app's, and --force was not given. */
export class RestoreRefusedError extends Error {
  constructor(readonly relations: readonly string[]) {
    const listed = relations.slice(0, 5).join(", ") + (relations.length > 5 ? `, and ${relations.length - 5} more` : "");
    super(`The database is not empty (it has ${listed}). Restore into an empty database, or pass --force to replace everything in it.`);
    this.name = "RestoreRefusedError";
  }
}

function openForWriting(database: ScriptDatabase): Promise<SqlSession> {
  return database.kind === "postgres" ? openPostgresSession(database) : openPgliteSession({ dir: database.dir });
}

/**
 * Restores a backup made by db:backup (either format) into an empty database; with `force`, into one whose app
 * data is dropped first. The restored database is at the schema the backup was made at: the app applies newer
 * migrations when it starts (or `npm run db:migrate`).
 */
export async function restoreDatabase(
  database: ScriptDatabase,
  options: { file: string; force: boolean; tools: PgToolContext },
): Promise<RestoreResult> {
  if (!existsSync(options.file)) throw new BackupFormatError(`there is no file ${options.file}`);
  const detected = detectBackupFormat(options.file);
  if (detected.format === "unknown") throw new BackupFormatError(`${options.file} is not a backup this app made: ${detected.hint}`);
  if (detected.format === "pg_dump" && database.kind === "pglite") {
    throw new BackupFormatError(
      `${options.file} is a pg_dump archive, which only PostgreSQL can restore. To move it into PGlite, restore it into PostgreSQL and back that up with db:backup -- --portable.`,
    );
  }

  const lines = detected.format === "portable" ? readPortableLines(options.file, detected.gzipped) : null;
  try {
    // Everything that can be checked without the target is checked before the target is touched.
    const header = lines ? parsePortableHeader((await lines.next()).value ?? undefined) : null;
    const migrations = header ? migrationsOfBackup(header.migrations.map((migration) => migration.createdAt)) : null;

    const session = await openForWriting(database);
    try {
      const server = await serverVersion(session);
      const existing = await listAppRelations(session);
      if (existing.length > 0 && !options.force) throw new RestoreRefusedError(existing);
      const tools =
        detected.format === "pg_dump" && database.kind === "postgres" ? await findPgTool("pg_restore", server.major, options.tools) : null;
      if (tools && !tools.tool) throw new Error(`Cannot restore a pg_dump archive: ${tools.reason}. Install the PostgreSQL client tools, or set PG_BIN_DIR.`);
      if (existing.length > 0) await dropAppObjects(session);

      let how: string;
      if (tools?.tool && database.kind === "postgres") {
        await runPgRestore(tools.tool, options.tools, { url: database.url, connectTimeoutMs: database.connectTimeoutMs, file: options.file });
        how = `pg_restore ${tools.tool.version}`;
      } else if (lines && migrations) {
        const folder = writeMigrationsFolder(migrations);
        try {
          await session.migrate(folder);
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
        await session.query("begin");
        try {
          await loadPortableRows(session, lines);
          await resetSequences(session);
          await session.query("commit");
        } catch (error) {
          await session.query("rollback").catch(() => {});
          throw error;
        }
        how = `the portable format (made ${header?.createdAt ?? "at an unknown time"} from ${header?.source.kind ?? "an unknown database"})`;
      } else {
        throw new BackupFormatError("nothing to restore with");
      }
      const counts = await countRows(session, await listTablesInDependencyOrder(session));
      return { counts, summary: `Restored ${options.file} into ${session.description} (server ${server.version}) with ${how}.` };
    } finally {
      await session.close().catch(() => {});
    }
  } finally {
    await lines?.return(undefined);
  }
}

/** The code's migrations the backup had applied; refuses a backup made at a schema this code does not know. */
function migrationsOfBackup(appliedAt: readonly number[]) {
  const code = listCodeMigrations();
  const unknown = appliedAt.filter((when) => !code.some((migration) => migration.when === when));
  if (unknown.length > 0) {
    throw new BackupFormatError(
      `the backup was made by a newer version of the app (${unknown.length} migration${unknown.length === 1 ? "" : "s"} this version does not have); restore it with that version`,
    );
  }
  const applied = new Set(appliedAt);
  const subset = code.filter((migration) => applied.has(migration.when));
  // Drizzle applies migrations in order; a backup's set is always a prefix of the code's list.
  if (subset.some((migration, index) => code[index] !== migration)) {
    throw new BackupFormatError("the backup's migrations are not a prefix of this version's; restore it with the version that made it");
  }
  return subset;
}
