"use strict";

/**
 * UPLOAD_MAX_FILE_MB and the proxy's body limit it sets: plain CommonJS because two readers cannot take TypeScript.
 * next.config.ts (through ./next-build) gives it to `next build` and `next dev`; scripts/server.cjs, the production
 * server, applies it when it starts, since the config the build wrote holds the build's environment, not the
 * server's. Types: ./proxy-body-limit.d.cts.
 */

/** UPLOAD_MAX_FILE_MB's bounds and default, shared with its zod field in ./uploads. */
const UPLOAD_MAX_FILE_MB = Object.freeze({ min: 1, max: 500, fallback: 20 });

/**
 * The largest request body the Next.js proxy (proxy.ts) passes on: an upload of UPLOAD_MAX_FILE_MB plus its
 * multipart framing. Next cuts bodies beyond its limit (10 MB by default) short without an error, which would turn
 * every larger upload into a broken one. A bad value falls back to the default here; the boot reports it.
 */
function maxProxyBodyBytes(env) {
  const value = env.UPLOAD_MAX_FILE_MB;
  const megabytes = value === undefined || value === "" ? UPLOAD_MAX_FILE_MB.fallback : Number(value);
  const valid = Number.isInteger(megabytes) && megabytes >= UPLOAD_MAX_FILE_MB.min && megabytes <= UPLOAD_MAX_FILE_MB.max;
  return (valid ? megabytes : UPLOAD_MAX_FILE_MB.fallback) * 1_000_000 + 1_000_000;
}

module.exports = { UPLOAD_MAX_FILE_MB, maxProxyBodyBytes };
