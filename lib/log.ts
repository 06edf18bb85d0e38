/**
 * Structured logging: one JSON object per line on stdout (stderr for warnings and errors), so that
 * `npm run logs`, Docker and any log shipper can parse it. Causes are serialized here and never sent to clients.
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const LEVEL_ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function minimumLevel(): Level {
  // The logger must work before config is parsed (it reports config errors), so it reads LOG_LEVEL itself.
  const raw = process.env.LOG_LEVEL;
  return raw === "debug" || raw === "info" || raw === "warn" || raw === "error" ? raw : "info";
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return {
    name: error.name,
    message: error.message,
    code: (error as { code?: unknown }).code,
    stack: error.stack,
    cause: error.cause === undefined ? undefined : serializeError(error.cause),
  };
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (LEVEL_ORDER[level] < LEVEL_ORDER[minimumLevel()]) return;
  const entry: Fields = { time: new Date().toISOString(), level, msg: message };
  for (const [key, value] of Object.entries(fields)) {
    entry[key] = key === "err" ? serializeError(value) : value;
  }
  const line = JSON.stringify(entry) + "\n";
  if (level === "warn" || level === "error") process.stderr.write(line);
  else process.stdout.write(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
