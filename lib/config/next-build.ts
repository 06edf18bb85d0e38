import { type Env, isUnset, processEnv } from "./env";
import { invalidVariable } from "./error";
import { maxProxyBodyBytes as proxyBodyBytes, UPLOAD_MAX_FILE_MB } from "./proxy-body-limit.cjs";

export { UPLOAD_MAX_FILE_MB };

/**
 * The settings next.config.ts reads, without zod and with no imports beyond ./env, ./error and
 * ./proxy-body-limit.cjs. Next.js compiles next.config.ts with SWC (`next build`, `next dev`, `next start`) and,
 * through a require hook, every module it imports: zod alone took 0.3–1 s of each start that way (bench/HOTSPOTS.md,
 * "Start-up"). The same rules as the zod fields in ./fields.
 */

/** Values of a yes/no switch (any case); `truthy` in ./fields accepts the same. */
export const SWITCH_ON_VALUES = ["1", "true", "yes", "on"] as const;
export const SWITCH_OFF_VALUES = ["0", "false", "no", "off"] as const;

const isOneOf = (values: readonly string[], value: string) => values.includes(value);

/**
 * BUILD_STANDALONE: `next build` also writes the self-contained server of `.next/standalone`, which the Dockerfile
 * ships. Off by default: it copies the traced node_modules (a slower build), and a Vercel build has no use for it.
 */
export function isStandaloneBuild(env: Env = processEnv()): boolean {
  const value = env.BUILD_STANDALONE;
  if (isUnset(value)) return false;
  const lower = value.toLowerCase();
  if (isOneOf(SWITCH_ON_VALUES, lower)) return true;
  if (isOneOf(SWITCH_OFF_VALUES, lower)) return false;
  throw invalidVariable("BUILD_STANDALONE", "must be true or false");
}

/** The proxy's body limit from UPLOAD_MAX_FILE_MB; the rule is in ./proxy-body-limit.cjs, which scripts/server.cjs reads too. */
export function maxProxyBodyBytes(env: Env = processEnv()): number {
  return proxyBodyBytes(env);
}
