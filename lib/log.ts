import { createRequire } from "node:module";
import path from "node:path";

import pino, { type DestinationStream, type Logger } from "pino";
import type PinoPretty from "pino-pretty";

import { type LogLevel, type LogSettings, readLogSettings } from "./config/observability";
import { getRequestContext } from "./request-context";

/**
 * Structured logging on pino: one JSON object per line in production (stdout; stderr for warnings and errors), so
 * Docker, journald and any log shipper can parse it; readable coloured lines in development. Every line written
 * while a request is handled carries its `requestId`. LOG_FILE also appends every line, as JSON, to a file.
 * Causes are serialized here and never sent to clients; secrets, cookies and what users wrote are redacted.
 */
type Fields = Record<string, unknown>;

/** Keys whose values are never written, at any level: credentials of any kind. */
const SECRET_KEYS = [
  "password",
  "passwordHash",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "apiKey",
  "authorization",
  "cookie",
  "cookies",
  '["set-cookie"]',
];
/** Keys that hold what users wrote (or what was made from it); written only at debug level. */
const TEXT_KEYS = ["text", "parts", "content", "prompt", "messages", "history", "title", "snippet", "query"];

/** The key at the top level and up to two objects deep (fields.headers.cookie, fields.request.headers.cookie). */
function redactPaths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => {
    const access = key.startsWith("[") ? key : `.${key}`;
    return [key, `*${access}`, `*.*${access}`];
  });
}

/** The keys the paths above name, for a check of a line's fields before any redaction runs. */
const keySet = (keys: readonly string[]) => new Set(keys.map((key) => key.replace(/^\["|"\]$/g, "")));
const ALL_REDACTED_KEYS = keySet([...SECRET_KEYS, ...TEXT_KEYS]);
const SECRET_KEY_SET = keySet(SECRET_KEYS);

/**
 * Whether any path redactPaths makes could match these fields: a listed key at the top level or up to two objects
 * deep, or a value that is not a plain object or array (an Error, a class instance: its serializer or its own keys
 * decide, so it goes through redaction as before). pino's redaction parses every path again on every line it is
 * configured for (~150 KiB of garbage per request's access line); a line with nothing to redact skips it and is
 * written exactly as redaction would have left it.
 */
function mayNeedRedaction(value: Record<string, unknown>, keys: ReadonlySet<string>, depth = 0): boolean {
  for (const key in value) {
    if (keys.has(key)) return true;
    const inner = value[key];
    if (typeof inner !== "object" || inner === null) continue;
    const prototype = Object.getPrototypeOf(inner) as unknown;
    if (prototype !== Object.prototype && prototype !== null && !Array.isArray(inner)) return true;
    if (depth < 2 && mayNeedRedaction(inner as Record<string, unknown>, keys, depth + 1)) return true;
  }
  return false;
}

const MAX_CAUSE_DEPTH = 5;

/**
 * Name, message, code and stack of an error and of its causes. Picked rather than copied: provider errors carry the
 * request body (the conversation) and response headers, which must not reach the log.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const { code, statusCode, errors } = error as { code?: unknown; statusCode?: unknown; errors?: unknown };
  const nested = depth < MAX_CAUSE_DEPTH;
  return {
    name: error.name,
    message: error.message,
    code,
    statusCode,
    stack: error.stack,
    cause: error.cause === undefined || !nested ? undefined : serializeError(error.cause, depth + 1),
    // An AggregateError (a connection refused on every address of a host) says what failed in its members.
    errors: Array.isArray(errors) && nested ? errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1)) : undefined,
  };
}

const IS_WARNING_OR_WORSE = /^\{"level":"(?:warn|error|fatal)"/;

/** Splits JSON lines by level onto stdout and stderr, looked up at each write so tests can spy on them. */
function consoleStream(format: LogSettings["format"]): DestinationStream {
  const pretty = format === "pretty" ? loadPrettyStreams() : null;
  return {
    write(line: string) {
      const isWarning = IS_WARNING_OR_WORSE.test(line);
      if (pretty) (isWarning ? pretty.stderr : pretty.stdout).write(line);
      else (isWarning ? process.stderr : process.stdout).write(line);
    },
  };
}

/**
 * pino-pretty, formatting in this thread (no transport worker, which bundled server code cannot start). Loaded from
 * the project's node_modules at run time, only in development; without it, lines stay JSON.
 */
function loadPrettyStreams(): { stdout: DestinationStream; stderr: DestinationStream } | null {
  try {
    const load = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"));
    const { build } = load("pino-pretty") as typeof PinoPretty;
    const options = { sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" };
    return { stdout: build({ ...options, destination: 1 }), stderr: build({ ...options, destination: 2 }) };
  } catch {
    return null;
  }
}

function fileStream(file: string): DestinationStream | null {
  try {
    // Synchronous appends: a line logged just before a crash is on disk.
    return pino.destination({ dest: file, mkdir: true, append: true, sync: true });
  } catch (error) {
    process.stderr.write(`chatbot: cannot write LOG_FILE ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}

type Loggers = { standard: Logger; debug: Logger; plain: Logger };

function createLoggers(settings: LogSettings): Loggers {
  const toConsole = consoleStream(settings.format);
  const file = settings.file ? fileStream(settings.file) : null;
  const destination: DestinationStream = file
    ? {
        write(line: string) {
          toConsole.write(line);
          file.write(line);
        },
      }
    : toConsole;
  const options = {
    level: settings.level,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: (error: unknown) => serializeError(error) },
    // A new object each time: pino merges the line's fields into what mixin returns.
    mixin: () => {
      const context = getRequestContext();
      return context ? { requestId: context.requestId } : {};
    },
  };
  return {
    standard: pino({ ...options, redact: { paths: redactPaths([...SECRET_KEYS, ...TEXT_KEYS]), censor: "[redacted]" } }, destination),
    debug: pino({ ...options, redact: { paths: redactPaths(SECRET_KEYS), censor: "[redacted]" } }, destination),
    // For lines that nothing could be redacted from (see mayNeedRedaction): the same output, without the cost.
    plain: pino(options, destination),
  };
}

export type Log = Record<LogLevel, (message: string, fields?: Fields) => void>;

/** A logger with these settings; the app uses `log`, which takes them from the environment. */
export function createLog(settings: LogSettings): Log {
  let loggers: Loggers | null = null;
  const write = (level: LogLevel, message: string, fields: Fields = {}) => {
    loggers ??= createLoggers(settings);
    const isDebug = level === "debug";
    const redacting = isDebug ? loggers.debug : loggers.standard;
    const logger = mayNeedRedaction(fields, isDebug ? SECRET_KEY_SET : ALL_REDACTED_KEYS) ? redacting : loggers.plain;
    logger[level](fields, message);
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}

// One per process, whichever bundled copy of this module asks: LOG_FILE is opened once. Created on first use, so
// that importing this module reads no settings.
const globalForLog = globalThis as unknown as { __chatbotLog?: Log };
const processLog = (): Log => (globalForLog.__chatbotLog ??= createLog(readLogSettings()));

export const log: Log = {
  debug: (message, fields) => processLog().debug(message, fields),
  info: (message, fields) => processLog().info(message, fields),
  warn: (message, fields) => processLog().warn(message, fields),
  error: (message, fields) => processLog().error(message, fields),
};
