import { processEnv } from "../lib/config/env";
import { type Config, loadConfig } from "../lib/config/load";
import type { ScriptDatabase } from "../lib/db/backup/backup-database";

/**
 * The config as the database scripts need it. They sign no sessions, so in development they do not generate the
 * AUTH_SECRET file the app would.
 */
export function loadScriptConfig(): Config {
  return loadConfig(processEnv(), { readDevSecret: () => "unused-by-the-database-scripts" });
}

/** The configured database, or null for the in-memory store (which keeps nothing a script could read). */
export function scriptDatabaseOf(config: Config): ScriptDatabase | null {
  const { database } = config;
  if (database.kind === "postgres") return { kind: "postgres", url: database.url, connectTimeoutMs: database.connectTimeoutMs };
  if (database.kind === "pglite") return { kind: "pglite", dir: database.dir };
  return null;
}

export const NO_DATABASE = "No database configured: set POSTGRES_URL (or DATABASE_URL), or PGLITE_DIR.";

/** Splits argv into positional arguments and the flags it allows; anything else is a usage error. */
export function parseArguments(argv: readonly string[], allowedFlags: readonly string[]): { positional: string[]; flags: Set<string> } {
  const positional: string[] = [];
  const flags = new Set<string>();
  for (const argument of argv) {
    if (argument.startsWith("--")) {
      if (!allowedFlags.includes(argument)) throw new UsageError(`unknown option ${argument}`);
      flags.add(argument);
    } else {
      positional.push(argument);
    }
  }
  return { positional, flags };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
