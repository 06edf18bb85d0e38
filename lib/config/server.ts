import path from "node:path";

import { z } from "zod";

import { type Env, processEnv } from "./env";
import { intInRange, optionalString } from "./fields";

export const serverEnvSchema = z.object({
  /** Directory of pg_dump and pg_restore for the database scripts; unset = PATH and the usual install directories. */
  PG_BIN_DIR: optionalString,
  /** On SIGTERM, how long answers being written may take to finish before they are saved as `interrupted`. */
  SHUTDOWN_TIMEOUT_MS: intInRange(0, 3_600_000, 25_000),
  /** Set by Next.js itself: `phase-production-build` while `next build` runs. */
  NEXT_PHASE: optionalString,
});

export type ServerSettings = Readonly<{
  /** Where the database scripts look for pg_dump / pg_restore first; null = PATH and the usual install directories. */
  postgresTools: Readonly<{ binDir: string | null }>;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM, the longest answers being written may take before they are cut off. */
  shutdown: Readonly<{ timeoutMs: number }>;
}>;

export function parseServer(e: z.infer<typeof serverEnvSchema>): ServerSettings {
  return {
    postgresTools: { binDir: e.PG_BIN_DIR ? path.resolve(/*turbopackIgnore: true*/ e.PG_BIN_DIR) : null },
    shutdown: { timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
  };
}

export const PHASE_PRODUCTION_BUILD = "phase-production-build";

/** True while `next build` runs, when no server is being booted. */
export function isBuildPhase(env: Env = processEnv()): boolean {
  return env.NEXT_PHASE === PHASE_PRODUCTION_BUILD;
}

/**
 * True on Vercel, where a function instance that exits at boot only turns every request into a platform error.
 * VERCEL is the platform's own variable, never the operator's, so it is not part of the schema.
 */
export function isServerlessPlatform(env: Env = processEnv()): boolean {
  return Boolean(env.VERCEL);
}

export { isStandaloneBuild } from "./next-build";
