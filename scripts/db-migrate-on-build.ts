import { PHASE_PRODUCTION_BUILD } from "next/constants";

import { processEnv } from "../lib/config/env";
import { loadConfig } from "../lib/config/load";
import { migratePostgres } from "../lib/db/migrate";
import { describeDatabase, describeError } from "./script-output";

/**
 * The migration step of a Vercel build (`npm run vercel-build`, after `next build`): brings POSTGRES_URL (or
 * DATABASE_URL) up to date before the new deployment takes traffic, so cold starts find nothing to apply, through
 * the direct connection when the provider gives one (POSTGRES_URL_NON_POOLING, DATABASE_URL_UNPOOLED). Prints one
 * line. Without PostgreSQL there is nothing to migrate here: the in-memory store needs none, and a PGlite directory
 * lives on the server that runs the app, which migrates it at boot. A failure fails the build, so the previous
 * deployment keeps serving.
 */
async function main(): Promise<string> {
  // A build has no AUTH_SECRET requirement (the running server checks it); every other bad value fails the build.
  const { database } = loadConfig({ ...processEnv(), NEXT_PHASE: PHASE_PRODUCTION_BUILD });
  if (database.kind !== "postgres") {
    return "Migrations skipped: POSTGRES_URL is not set.";
  }
  const url = database.directUrl ?? database.url;
  await migratePostgres({ url, connectTimeoutMs: database.connectTimeoutMs });
  return `Migrations applied: PostgreSQL database ${describeDatabase(url)} is up to date.`;
}

main().then(
  (result) => console.log(result),
  (error: unknown) => {
    console.error(`Migrations failed: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
