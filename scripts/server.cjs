"use strict";

/**
 * The production server (`npm start` through scripts/start.sh, and the Docker image's command):
 *   node scripts/server.cjs [-p PORT] [-H HOSTNAME] [--keepAliveTimeout MS]
 * PORT and KEEP_ALIVE_TIMEOUT are read from the environment too; the default is port 3000 on every interface.
 *
 * It starts Next.js with the configuration `next build` wrote (.next/required-server-files.json), as the standalone
 * server.js of a standalone build does, where `next start` would load next.config.ts again: SWC's native binding
 * (~33 MiB resident for the life of the process), the config's compile and Next's checks of it, about 80 ms of CPU
 * before the first request (bench/HOTSPOTS.md, "Start-up, round 6"). Next.js reads .env files as under `next start`.
 *
 * What next.config.ts takes from the environment at run time is applied here: the proxy's body limit
 * (UPLOAD_MAX_FILE_MB). Everything else in it is fixed by the build (headers, routes, output).
 */

const { readFileSync } = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");

const { maxProxyBodyBytes } = require("../lib/config/proxy-body-limit.cjs");

const dir = path.resolve(__dirname, "..");

function fail(message) {
  process.stderr.write(`chatbot: ${message}\n`);
  process.exit(1);
}

/** A whole number in [min, max], or the reason it is not one. */
function wholeNumber(name, value, min, max) {
  const number = Number(value);
  if (value === "" || !Number.isInteger(number) || number < min || number > max) fail(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return number;
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, keepAliveTimeout: { type: "string" } },
    }));
  } catch (error) {
    fail(`${error.message}\nusage: node scripts/server.cjs [-p PORT] [-H HOSTNAME] [--keepAliveTimeout MS]`);
  }
  const port = values.port ?? process.env.PORT;
  const keepAlive = values.keepAliveTimeout ?? process.env.KEEP_ALIVE_TIMEOUT;
  return {
    port: port === undefined || port === "" ? 3000 : wholeNumber("the port", port, 0, 65_535),
    // Undefined listens on every interface, as `next start` does. HOSTNAME from the environment is not read: shells
    // and containers set it to the machine's name.
    hostname: values.hostname,
    keepAliveTimeout: keepAlive === undefined || keepAlive === "" ? undefined : wholeNumber("the keep-alive timeout", keepAlive, 0, 2 ** 31 - 1),
  };
}

function readBuiltConfig() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") fail(`no production build in ${path.join(dir, ".next")}: run \`npm run build\` first`);
    throw error;
  }
  const { config } = manifest;
  return {
    ...config,
    // A Vercel build (`vercel build`, as `npm test` builds) writes its platform's values here: no compression, since
    // Vercel's edge compresses, and the Host header trusted. This server is never Vercel's runtime, which has a
    // launcher of its own: both are what next.config.ts (which sets neither) and Next's defaults give `next start`.
    compress: true,
    experimental: { ...config.experimental, trustHostHeader: false, proxyClientMaxBodySize: maxProxyBodyBytes(process.env) },
  };
}

const options = readOptions();
const config = readBuiltConfig();
process.env.NODE_ENV = "production";
// "Ready in …" counts from here, as it counts from the CLI's start under `next start`.
process.env.NEXT_PRIVATE_START_TIME ??= String(Date.now());
// Next.js takes a prepared configuration from here instead of loading next.config.ts (its standalone server's way).
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
const { startServer } = require("next/dist/server/lib/start-server");

startServer({ dir, isDev: false, config, allowRetry: false, ...options }).catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
