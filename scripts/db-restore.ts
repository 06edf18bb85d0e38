import { describeCounts } from "../lib/db/backup/backup-database";
import { restoreDatabase } from "../lib/db/backup/restore-database";
import { processEnv } from "../lib/config/env";
import { describeError } from "./script-output";
import { loadScriptConfig, NO_DATABASE, parseArguments, scriptDatabaseOf, UsageError } from "./script-database";

const USAGE = "Usage: npm run db:restore -- FILE [--force]";

/**
 * `npm run db:restore -- FILE`: restores a backup made by db:backup (either format, detected from the file) into the
 * configured database, which must hold none of the app's tables; `--force` drops them first. Stop the app while
 * restoring. The restored database has the schema the backup was made at; the app applies newer migrations when it
 * starts.
 */
async function main(): Promise<void> {
  const { positional, flags } = parseArguments(process.argv.slice(2), ["--force"]);
  const [file, ...rest] = positional;
  if (!file || rest.length > 0) throw new UsageError("give exactly one FILE");
  const config = loadScriptConfig();
  const database = scriptDatabaseOf(config);
  if (!database) throw new UsageError(NO_DATABASE);
  const result = await restoreDatabase(database, {
    file,
    force: flags.has("--force"),
    tools: { binDir: config.postgresTools.binDir, env: processEnv() },
  });
  console.log(result.summary);
  console.log(`Rows: ${describeCounts(result.counts)}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : `Restore failed: ${describeError(error)}`);
  process.exitCode = 1;
});
