import { type Config, ConfigError, loadConfig } from "@/lib/config";

export type Env = Record<string, string | undefined>;

/** What the injected dev-secret reader returns, so tests never write .chatbot/auth-secret. */
export const TEST_DEV_SECRET = "a-generated-development-secret";

export function loadTestConfig(env: Env): Config {
  return loadConfig(env, { readDevSecret: () => TEST_DEV_SECRET });
}

/** The ConfigError loading env throws; fails the test when env is accepted. */
export function configErrorOf(env: Env): ConfigError {
  try {
    loadTestConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
