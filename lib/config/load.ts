import { z } from "zod";

import { type AiConfig, aiEnvSchema, parseAi } from "./ai";
import { authEnvSchema, type AuthSettings, oauthEnvSchema, parseAuth } from "./auth";
import { dataDirEnvSchema } from "./data-dir";
import { type DatabaseConfig, databaseEnvSchema, parseDatabase } from "./database";
import type { Env } from "./env";
import { environmentEnvSchema, type EnvironmentSettings, parseEnvironment } from "./environment";
import { invalidVariable } from "./error";
import { type LimitsConfig, limitsEnvSchema, parseLimits } from "./limits";
import { type MetricsConfig, observabilityEnvSchema, parseMetrics } from "./observability";
import { parseRedis, type RedisConfig, redisEnvSchema } from "./redis";
import { parseSecurity, type SecurityConfig, securityEnvSchema } from "./security";
import { isBuildPhase, parseServer, serverEnvSchema, type ServerSettings } from "./server";
import { parseUploads, uploadsEnvSchema, type UploadSettings } from "./uploads";

/** Every variable the config reads, area by area; each area's file documents its own. */
const envSchema = z.object({
  ...environmentEnvSchema.shape,
  ...authEnvSchema.shape,
  ...dataDirEnvSchema.shape,
  ...databaseEnvSchema.shape,
  ...aiEnvSchema.shape,
  ...uploadsEnvSchema.shape,
  ...redisEnvSchema.shape,
  ...limitsEnvSchema.shape,
  ...securityEnvSchema.shape,
  ...oauthEnvSchema.shape,
  ...observabilityEnvSchema.shape,
  ...serverEnvSchema.shape,
});

/** The one typed configuration, parsed once from the environment and frozen. */
export type Config = Readonly<
  EnvironmentSettings &
    AuthSettings & {
      database: Readonly<DatabaseConfig>;
      ai: AiConfig;
    } & UploadSettings & {
      redis: RedisConfig;
      security: SecurityConfig;
      metrics: MetricsConfig;
    } & ServerSettings & {
      limits: LimitsConfig;
    }
>;

export type LoadConfigOptions = {
  /** Supplies the development AUTH_SECRET; the default keeps a generated one in a git-ignored file. */
  readDevSecret?: (dataDir: string) => string;
};

/** Parses `env` into the config. Throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidVariable(issue?.path.join(".") || "environment", issue?.message ?? "invalid value");
  }
  const e = parsed.data;
  const environment = parseEnvironment(e);
  const config: Config = {
    ...environment,
    ...parseAuth(e, { isProduction: environment.isProduction, isBuild: isBuildPhase({ NEXT_PHASE: e.NEXT_PHASE }), readDevSecret: options.readDevSecret }),
    database: parseDatabase(e, environment),
    ai: parseAi(e),
    ...parseUploads(e),
    redis: parseRedis(e),
    security: parseSecurity(e),
    metrics: parseMetrics(e),
    ...parseServer(e),
    limits: parseLimits(e),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every variable the config reads, for checks that the documented environment templates are complete. */
export const CONFIG_ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);
