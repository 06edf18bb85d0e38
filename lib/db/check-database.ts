import { type ScriptDatabase, openForReading } from "./backup/backup-database";
import { serverVersion } from "./backup/portable";
import { compareMigrations, listCodeMigrations, type MigrationStatus, readAppliedMigrations } from "./migration-status";

// No "server-only" here: `npm run db:check` runs this module under plain Node.

export type DatabaseCheck = {
  description: string;
  serverVersion: string;
  migrations: MigrationStatus;
  /** Nothing pending or skipped: the schema is the one this code expects. */
  isUpToDate: boolean;
};

/** Connects (read only; a PGlite database through a copy) and compares its applied migrations with the code's. */
export async function checkDatabase(database: ScriptDatabase): Promise<DatabaseCheck> {
  const session = await openForReading(database);
  try {
    const server = await serverVersion(session);
    const migrations = compareMigrations(listCodeMigrations(), await readAppliedMigrations(session));
    return {
      description: session.description,
      serverVersion: server.version,
      migrations,
      isUpToDate: migrations.pending.length === 0 && migrations.skipped.length === 0,
    };
  } finally {
    await session.close().catch(() => {});
  }
}
