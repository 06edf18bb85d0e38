import { checkDatabase } from "../lib/db/check-database";
import type { CodeMigration } from "../lib/db/migration-status";
import { describeError } from "./script-output";
import { loadScriptConfig, NO_DATABASE, scriptDatabaseOf } from "./script-database";

/**
 * `npm run db:check`: connects to the configured database (POSTGRES_URL / DATABASE_URL, else PGLITE_DIR), prints
 * the server version and the applied and pending migrations, and exits 0 when the schema is up to date, 1 when the
 * database cannot be reached, 2 when migrations are pending. Read only; safe beside a running app.
 */
async function main(): Promise<number> {
  const database = scriptDatabaseOf(loadScriptConfig());
  if (!database) {
    console.error(NO_DATABASE);
    return 1;
  }
  let check;
  try {
    check = await checkDatabase(database);
  } catch (error) {
    const where = database.kind === "postgres" ? "PostgreSQL" : `the PGlite database in ${database.dir}`;
    console.error(`Cannot connect to ${where}: ${describeError(error)}`);
    return 1;
  }
  const { migrations } = check;
  const tags = (list: readonly CodeMigration[]) => list.map((migration) => migration.tag).join(", ");
  console.log(`${check.description}: server ${check.serverVersion}`);
  console.log(`Applied migrations: ${migrations.applied.length}${migrations.applied.length ? ` (${tags(migrations.applied)})` : ""}`);
  console.log(`Pending migrations: ${migrations.pending.length}${migrations.pending.length ? ` (${tags(migrations.pending)})` : ""}`);
  if (migrations.skipped.length > 0) {
    console.log(
      `Never applied, older than the last applied migration (drizzle will not apply them; apply their SQL by hand or regenerate them): ${tags(migrations.skipped)}`,
    );
  }
  if (migrations.unknown.length > 0) {
    console.log(`Applied by a newer version of the app: ${migrations.unknown.length} migration(s) this code does not have.`);
  }
  if (check.isUpToDate) {
    console.log("The database is up to date.");
    return 0;
  }
  if (migrations.pending.length > 0) console.log("Apply them with: npm run db:migrate (the app also applies them when it starts).");
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Check failed: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
