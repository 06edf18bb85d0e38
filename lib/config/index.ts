import "server-only";

import { keepParsedConfig, parsedConfig } from "./current";
import { processEnv } from "./env";
import { type Config, loadConfig } from "./load";

/**
 * The app's configuration, one file per area in this directory. Server code imports it from here; code that runs
 * outside the server's module graph (next.config.ts, scripts/, the logger) imports the area file it needs, since
 * this entry point is marked server-only.
 */

export type { AiConfig, AiSpendingConfig, GuestModelsSetting } from "./ai";
export { parseGuestModels } from "./ai";
export type { GitHubOAuthConfig, GoogleOAuthConfig } from "./auth";
export type { DatabaseConfig } from "./database";
export { readOrCreateDevSecret } from "./dev-secret";
export { type Env, unsetEmptyEnvironmentVariables } from "./env";
export { type Environment, resolveEnvironment } from "./environment";
export { ConfigError } from "./error";
export { type Config, CONFIG_ENV_VARIABLES, loadConfig, type LoadConfigOptions } from "./load";
export { LOG_LEVELS, type LogLevel, type LogSettings, readLogSettings } from "./observability";
export { isBuildPhase, isServerlessPlatform, isStandaloneBuild } from "./server";
export { maxProxyBodyBytes } from "./uploads";
export { type ModelPrice, parseCustomPrices } from "../ai/custom-options";
export { type CustomModelSetting, parseCustomModels } from "../ai/model-list-setting";

/** The process-wide config, parsed on first use. Throws ConfigError on a bad environment. */
export function getConfig(): Config {
  return parsedConfig() ?? keepParsedConfig(loadConfig(processEnv()));
}
