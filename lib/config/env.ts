/** Variables by name, as `process.env` holds them (or a test passes them). */
export type Env = Record<string, string | undefined>;

/**
 * The process environment. This is the only `process.env` read in the app and its scripts: everything else gets its
 * settings from the parsed config (or from this, to hand the environment on to a child process).
 */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/**
 * The rule for every variable: set to the empty string means unset. An env file copied from .env.production.example
 * holds `NAME=` for everything the operator left out.
 */
export function isUnset(value: unknown): value is undefined | "" {
  return value === undefined || value === "";
}

/**
 * Deletes variables set to the empty string, so that libraries reading the environment themselves follow the rule
 * above: @ai-sdk/openai builds a default provider when imported and throws on `OPENAI_BASE_URL=`, which an env file
 * copied from .env.production.example holds. Call before anything imports such a library.
 */
export function unsetEmptyEnvironmentVariables(env: Env = processEnv()): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === "") delete env[name];
  }
}
