/** A bad environment. Its message is one line naming the variable, printed as-is at boot. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The one message shape every bad variable gets: `Invalid environment variable NAME: reason`. */
export function invalidVariable(variable: string, reason: string): ConfigError {
  return new ConfigError(`Invalid environment variable ${variable}: ${reason}`);
}
