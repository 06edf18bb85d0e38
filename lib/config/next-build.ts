import { type Env, isUnset, processEnv } from "./env";
import { invalidVariable } from "./error";

/**
 * The settings next.config.ts reads, without zod and with no imports beyond ./env and ./error. Next.js compiles
 * next.config.ts with SWC on every `next start` and, through a require hook, every module it imports: zod alone took
 * 0.3–1 s of each start that way (bench/HOTSPOTS.md, "Start-up"). The same rules as the zod fields in ./fields.
 */

/** Values of a yes/no switch (any case); `truthy` in ./fields accepts the same. */
export const SWITCH_ON_VALUES = ["1", "true", "yes", "on"] as const;
export const SWITCH_OFF_VALUES = ["0", "false", "no", "off"] as const;

/** UPLOAD_MAX_FILE_MB's bounds and default, shared with its zod field in ./uploads. */
export const UPLOAD_MAX_FILE_MB = { min: 1, max: 500, fallback: 20 } as const;

const isOneOf = (values: readonly string[], value: string) => values.includes(value);

/**
 * BUILD_STANDALONE: `next build` also writes the self-contained server of `.next/standalone`, which the Dockerfile
 * ships. Off by default: `next start` warns about a standalone build, and a Vercel build has no use for it.
 */
export function isStandaloneBuild(env: Env = processEnv()): boolean {
  const value = env.BUILD_STANDALONE;
  if (isUnset(value)) return false;
  const lower = value.toLowerCase();
  if (isOneOf(SWITCH_ON_VALUES, lower)) return true;
  if (isOneOf(SWITCH_OFF_VALUES, lower)) return false;
  throw invalidVariable("BUILD_STANDALONE", "must be true or false");
}

/**
 * The largest request body the Next.js proxy (proxy.ts) passes on, for next.config.ts: an upload of
 * UPLOAD_MAX_FILE_MB plus its multipart framing. Next cuts bodies beyond its limit (10 MB by default) short
 * without an error, which would turn every larger upload into a broken one. A bad value falls back to the default
 * here; the boot reports it.
 */
export function maxProxyBodyBytes(env: Env = processEnv()): number {
  const value = env.UPLOAD_MAX_FILE_MB;
  const megabytes = isUnset(value) ? UPLOAD_MAX_FILE_MB.fallback : Number(value);
  const valid = Number.isInteger(megabytes) && megabytes >= UPLOAD_MAX_FILE_MB.min && megabytes <= UPLOAD_MAX_FILE_MB.max;
  return (valid ? megabytes : UPLOAD_MAX_FILE_MB.fallback) * 1_000_000 + 1_000_000;
}
