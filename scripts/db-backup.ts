import { backupDatabase } from "../lib/db/backup/backup-database";
import { processEnv } from "../lib/config/env";
import { describeError } from "./script-output";
import { loadScriptConfig, NO_DATABASE, parseArguments, scriptDatabaseOf, UsageError } from "./script-database";

const USAGE = "Usage: npm run db:backup [-- FILE] [--portable]";

/**
 * `npm run db:backup [FILE]`: backs the configured database up to FILE (default: a new timestamped file under
 * backups/) and prints the file's path on stdout (what was done goes to stderr), so `FILE=$(npm run -s db:backup)`
 * works in a cron job. pg_dump's custom format when a pg_dump that can read the server is installed, else the app's
 * portable format; PGlite always uses the portable format. `--portable` asks for it with PostgreSQL too (to move the
 * data into PGlite, or to another major version).
 */
async function main(): Promise<void> {
  const { positional, flags } = parseArguments(process.argv.slice(2), ["--portable"]);
  if (positional.length > 1) throw new UsageError("give at most one FILE");
  const config = loadScriptConfig();
  const database = scriptDatabaseOf(config);
  if (!database) throw new UsageError(NO_DATABASE);
  const result = await backupDatabase(database, {
    file: positional[0],
    portable: flags.has("--portable"),
    tools: { binDir: config.postgresTools.binDir, env: processEnv() },
  });
  console.error(`${result.summary} ${formatBytes(result.bytes)}.`);
  console.log(result.file);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : `Backup failed: ${describeError(error)}`);
  process.exitCode = 1;
});
