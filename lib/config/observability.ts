import path from "node:path";

import { z } from "zod";

import { resolveEnvironment } from "./environment";
import { type Env, processEnv } from "./env";
import { optionalEnum, optionalSecret, optionalString } from "./fields";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const observabilityEnvSchema = z.object({
  /** Least severe log level written: debug, info, warn or error. */
  LOG_LEVEL: optionalEnum(LOG_LEVELS, "must be debug, info, warn or error"),
  /** json: one JSON object per line; pretty: coloured lines for reading (the default in development). */
  LOG_FORMAT: optionalEnum(["json", "pretty"], "must be json or pretty"),
  /** Also append every log line, as JSON, to this file (`npm run logs` follows it). */
  LOG_FILE: optionalString,
  /** Bearer token a Prometheus scraper sends to GET /api/metrics; unset = the endpoint answers 404. */
  METRICS_TOKEN: optionalSecret("openssl rand -hex 32"),
});

/** GET /api/metrics answers only to `Authorization: Bearer <token>`; null = the endpoint does not exist. */
export type MetricsConfig = Readonly<{ token: string | null }>;

export const parseMetrics = (e: z.infer<typeof observabilityEnvSchema>): MetricsConfig => ({ token: e.METRICS_TOKEN ?? null });

export type LogSettings = Readonly<{
  level: LogLevel;
  format: "json" | "pretty";
  /** Absolute path of the file every line is also appended to; null = none. */
  file: string | null;
}>;

/**
 * What the logger needs, read leniently: it must work before (and when) the config fails to parse, since it reports
 * that failure. loadConfig validates the same variables, so a bad value still stops the server at boot.
 */
export function readLogSettings(env: Env = processEnv()): LogSettings {
  const level = LOG_LEVELS.find((candidate) => candidate === env.LOG_LEVEL) ?? "info";
  const isDevelopment = resolveEnvironment(env.NODE_ENV, env.PLAYWRIGHT) === "development";
  const format = env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty" ? env.LOG_FORMAT : isDevelopment ? "pretty" : "json";
  const file = env.LOG_FILE?.trim() ? path.resolve(/*turbopackIgnore: true*/ env.LOG_FILE.trim()) : null;
  return { level, format, file };
}
