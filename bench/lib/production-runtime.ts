import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The runtime settings production runs the app with (scripts/start.sh for `npm start`, the Dockerfile's ENV and
 * CMD, both through scripts/server.cjs): the benchmark runs "ours" with them too, so that its figures are the
 * deployed app's. What each does and what it was measured to change: scripts/start.sh and bench/HOTSPOTS.md.
 * tests/unit/production-runtime.test.ts keeps the three places equal.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ["--experimental-async-context-frame"];
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072",
  // Relative to the app's directory (where `npm start` and the image's server.js run).
  NODE_COMPILE_CACHE: ".next/cache/node-compile-cache",
  KEEP_ALIVE_TIMEOUT: "65000",
};

/**
 * The command after Node's flags that starts the production build in `dir` as production does: scripts/server.cjs
 * (`npm start`, the Docker image), which reads KEEP_ALIVE_TIMEOUT. A build from before that script (an A/B against
 * an older commit) ran `next start`, which takes the keep-alive timeout as an argument.
 */
export function productionServerCommand(dir: string): string[] {
  const server = path.join(dir, "scripts", "server.cjs");
  if (existsSync(server)) return [server];
  return [path.join(dir, "node_modules/next/dist/bin/next"), "start", "--keepAliveTimeout", PRODUCTION_ENV.KEEP_ALIVE_TIMEOUT!];
}
