/**
 * The runtime settings production runs the app with (scripts/start.sh for `npm start`, the Dockerfile's ENV and
 * CMD): the benchmark runs "ours" with them too, so that its figures are the deployed app's. What each does and what
 * it was measured to change: scripts/start.sh and bench/HOTSPOTS.md. tests/unit/production-runtime.test.ts keeps the
 * three places equal.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ["--experimental-async-context-frame"];
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072",
  // Relative to the app's directory (where `npm start` and the image's server.js run).
  NODE_COMPILE_CACHE: ".next/cache/node-compile-cache",
  KEEP_ALIVE_TIMEOUT: "65000",
};
/** `next start` takes the keep-alive timeout as an argument; only the standalone server.js reads KEEP_ALIVE_TIMEOUT. */
export const PRODUCTION_START_ARGS: readonly string[] = ["--keepAliveTimeout", PRODUCTION_ENV.KEEP_ALIVE_TIMEOUT!];
