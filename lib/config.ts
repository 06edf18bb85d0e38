import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { normalizeOrigin } from "./security/origin";

/**
 * The one typed configuration, parsed once from the environment. Nothing else reads `process.env`. A bad value
 * throws a ConfigError whose message is one line naming the variable.
 */

export type Environment = "production" | "development" | "test";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().min(1).optional());
const optionalUrl = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
);
const truthy = z.preprocess(
  (value) => (value === "" || value === undefined ? undefined : String(value).toLowerCase()),
  z.enum(["1", "true", "yes", "on", "0", "false", "no", "off"], { error: "must be true or false" }).optional(),
);
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? fallback : Number(value)),
    z
      .number({ error: `must be an integer from ${min} to ${max}` })
      .int({ error: `must be an integer from ${min} to ${max}` })
      .min(min, { error: `must be an integer from ${min} to ${max}` })
      .max(max, { error: `must be an integer from ${min} to ${max}` }),
  );

const optionalUsd = z.preprocess(
  (value) => (value === "" || value === undefined ? undefined : Number(value)),
  z
    .number({ error: "must be an amount in US dollars, such as 0.50" })
    .positive({ error: "must be an amount in US dollars above 0, such as 0.50" })
    .max(1_000_000, { error: "must be an amount in US dollars, such as 0.50" })
    .optional(),
);

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  NODE_ENV: optionalString,
  PLAYWRIGHT: truthy,
  /** Secret that signs session tokens. Required in production; generated into CHATBOT_DATA_DIR otherwise. */
  AUTH_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, {
    error: "must be at least 16 characters (try: openssl rand -base64 32)",
  }),
  /**
   * The app's public URL, when neither Host/X-Forwarded-Host nor X-Forwarded-Proto can be trusted to say it. Auth.js
   * reads it itself; the session reader needs its scheme to pick the cookie Auth.js uses. NEXTAUTH_URL: an alias.
   */
  AUTH_URL: optionalUrl,
  NEXTAUTH_URL: optionalUrl,
  /** Where demo mode keeps its local state (the generated AUTH_SECRET). */
  CHATBOT_DATA_DIR: optionalString,
  /** PostgreSQL connection string. DATABASE_URL is accepted as an alias. */
  POSTGRES_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must start with postgres:// or postgresql://" })
      .optional(),
  ),
  DATABASE_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must start with postgres:// or postgresql://" })
      .optional(),
  ),
  /**
   * A direct (not pooled) connection to the same database, for migrations: their session advisory lock does not hold
   * through a transaction-mode pooler. Vercel's Neon and Supabase integrations set one of these next to POSTGRES_URL.
   */
  POSTGRES_URL_NON_POOLING: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must start with postgres:// or postgresql://" })
      .optional(),
  ),
  DATABASE_URL_UNPOOLED: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must start with postgres:// or postgresql://" })
      .optional(),
  ),
  /** Maximum connections in each instance's Postgres pool. */
  DB_POOL_MAX: intInRange(1, 500, 10),
  /** How long boot waits for Postgres before applying the fallback policy. */
  DB_CONNECT_TIMEOUT_MS: intInRange(100, 60_000, 5_000),
  /**
   * How long a request waits for the database (a free pooled connection, then the query) before it answers 503
   * database_unavailable, so an outage fails fast instead of piling requests up.
   */
  DB_QUERY_TIMEOUT_MS: intInRange(100, 60_000, 1_000),
  /**
   * Named prepared statements on PostgreSQL (parsed once per connection, one round trip per query). Default: on,
   * unless POSTGRES_URL_NON_POOLING / DATABASE_URL_UNPOOLED says POSTGRES_URL is a pooler; set `false` behind a
   * transaction-mode pooler that cannot keep them (PgBouncer before 1.21 or without max_prepared_statements).
   */
  DB_PREPARED_STATEMENTS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  ),
  /** In production an unreachable Postgres is an outage unless the operator opts into `memory`. */
  DATABASE_FALLBACK: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(["memory", "none"], { error: "must be memory or none" }).optional(),
  ),
  /** Directory of an embedded, persistent PGlite database (used when POSTGRES_URL is unset). */
  PGLITE_DIR: optionalString,
  XAI_API_KEY: optionalString,
  XAI_BASE_URL: optionalUrl,
  /** Replaces the built-in xAI model list: `id=Label` entries, comma-separated. */
  XAI_MODELS: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  /** Replaces the built-in OpenAI model list: `id=Label` entries, comma-separated. */
  OPENAI_MODELS: optionalString,
  CUSTOM_AI_BASE_URL: optionalUrl,
  CUSTOM_AI_API_KEY: optionalString,
  CUSTOM_AI_MODELS: optionalString,
  /** Dollars per million tokens in/out of the custom models, for usage and cost caps: `id=0.2/0.6,*=0.1/0.1`. */
  CUSTOM_AI_PRICES: optionalString,
  /**
   * Chat models guests may use: `all`, or model ids (`openai/gpt-5.4-nano,custom/llama3.1:8b`), comma-separated.
   * Unset: each provider's cheapest chat models. Registered users may use every chat model.
   */
  GUEST_MODELS: optionalString,
  /** How long a provider may take to send its first token, and then to pause between tokens. */
  AI_TIMEOUT_MS: intInRange(1_000, 600_000, 60_000),
  /** Estimated AI spending each guest / registered user may cause per UTC day; unset = no cap. */
  GUEST_DAILY_COST_CAP_USD: optionalUsd,
  USER_DAILY_COST_CAP_USD: optionalUsd,
  /** Estimated AI spending of the whole instance per UTC calendar month; unset = no budget. */
  MONTHLY_BUDGET_USD: optionalUsd,
  /** Past the monthly budget: answer with the cheapest model, or refuse (429). */
  BUDGET_EXCEEDED_ACTION: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(["cheapest", "refuse"], { error: "must be cheapest or refuse" }).optional(),
  ),
  /** Delay between words of the demo model's answer; 0 streams as fast as possible. */
  DEMO_STREAM_DELAY_MS: intInRange(0, 5_000, 30),
  BLOB_READ_WRITE_TOKEN: optionalString,
  UPLOAD_DIR: optionalString,
  /** Largest file a user may attach, in MB of 1,000,000 bytes (images are held to 10 MB at most: what providers take). */
  UPLOAD_MAX_FILE_MB: intInRange(1, 500, 20),
  /** Files (images and documents) one message may carry. */
  UPLOAD_MAX_FILES_PER_MESSAGE: intInRange(1, 100, 10),
  /** Text kept from one document (extracted once at upload); the rest is cut off with a note to the model. */
  DOCUMENT_MAX_CHARS_PER_FILE: intInRange(1_000, 10_000_000, 100_000),
  /** Document text one message may give the model, all its documents together. */
  DOCUMENT_MAX_CHARS_PER_MESSAGE: intInRange(1_000, 50_000_000, 200_000),
  REDIS_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^rediss?:\/\//, { error: "must start with redis:// or rediss://" })
      .optional(),
  ),
  /** Messages a guest may send per UTC day. */
  GUEST_MESSAGES_PER_DAY: intInRange(0, 1_000_000, 20),
  /** Messages a registered user may send per UTC day. */
  USER_MESSAGES_PER_DAY: intInRange(0, 1_000_000, 200),
  /** API requests per client IP per minute. */
  API_REQUESTS_PER_MINUTE: intInRange(1, 1_000_000, 120),
  /** New guest sessions per client IP per hour. */
  GUEST_CREATIONS_PER_IP_PER_HOUR: intInRange(1, 1_000_000, 20),
  /** New guest sessions per hour for the whole instance: the backstop when client IPs cannot be trusted. */
  GUEST_CREATIONS_PER_HOUR: intInRange(1, 10_000_000, 1_000),
  /** `npm run db:prune` deletes guests idle for this many days. */
  GUEST_RETENTION_DAYS: intInRange(1, 3650, 30),
  /** Origins (scheme://host[:port]) that may call the API from a browser with the user's cookies; comma-separated. */
  CORS_ALLOWED_ORIGINS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const origins: string[] = [];
        for (const entry of (raw ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
          const origin = normalizeOrigin(entry);
          if (!origin) {
            ctx.addIssue({ code: "custom", input: entry, message: `"${entry}" is not an origin like https://app.example.com (no path, no *)` });
            return z.NEVER;
          }
          if (!origins.includes(origin)) origins.push(origin);
        }
        return origins;
      }),
  ),
  /** GitHub OAuth app (or GitHub Enterprise): both or neither. */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  /** GitHub Enterprise Server base URL (its API is at /api/v3); unset = github.com. */
  AUTH_GITHUB_URL: optionalUrl,
  /** Google OAuth client (OpenID Connect): both or neither. */
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  /** OpenID Connect issuer to discover instead of https://accounts.google.com; kept exactly as given (it must match `iss`). */
  AUTH_GOOGLE_ISSUER: optionalUrl,
  /** Least severe log level written: debug, info, warn or error. */
  LOG_LEVEL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(LOG_LEVELS, { error: "must be debug, info, warn or error" }).optional(),
  ),
  /** json: one JSON object per line; pretty: coloured lines for reading (the default in development). */
  LOG_FORMAT: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional(),
  ),
  /** Also append every log line, as JSON, to this file (`npm run logs` follows it). */
  LOG_FILE: optionalString,
  /** Bearer token a Prometheus scraper sends to GET /api/metrics; unset = the endpoint answers 404. */
  METRICS_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
    error: "must be at least 16 characters (try: openssl rand -hex 32)",
  }),
  /** Directory of pg_dump and pg_restore for the database scripts; unset = PATH and the usual install directories. */
  PG_BIN_DIR: optionalString,
  /** On SIGTERM, how long answers being written may take to finish before they are saved as `interrupted`. */
  SHUTDOWN_TIMEOUT_MS: intInRange(0, 3_600_000, 25_000),
  NEXT_PHASE: optionalString,
});

export type CustomModelSetting = { id: string; label: string };

/** Dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };

/** GUEST_MODELS: each provider's cheapest chat models (`cheapest`, the default), every chat model, or a list of ids. */
export type GuestModelsSetting = "cheapest" | "all" | readonly string[];

export type AiSpendingConfig = {
  /** US dollars per UTC day for a guest; null = no cap. */
  guestDailyCapUsd: number | null;
  /** US dollars per UTC day for a registered user; null = no cap. */
  userDailyCapUsd: number | null;
  /** US dollars per UTC month for the whole instance; null = no budget. */
  monthlyBudgetUsd: number | null;
  budgetExceededAction: "cheapest" | "refuse";
};

/** An OAuth app registered at a provider; `baseUrl` / `issuer` replace the provider's public endpoints. */
export type GitHubOAuthConfig = { clientId: string; clientSecret: string; baseUrl: string | null };
export type GoogleOAuthConfig = { clientId: string; clientSecret: string; issuer: string | null };

export type DatabaseConfig =
  | {
      kind: "postgres";
      url: string;
      /** Direct connection for migrations (POSTGRES_URL_NON_POOLING / DATABASE_URL_UNPOOLED); absent: use `url`. */
      directUrl?: string;
      poolMax: number;
      connectTimeoutMs: number;
      /** DB_QUERY_TIMEOUT_MS: the longest a request waits for a connection and its query. */
      queryTimeoutMs: number;
      /** DB_PREPARED_STATEMENTS, defaulting to off behind a pooler (a non-pooling URL is configured). */
      preparedStatements: boolean;
      fallback: "memory" | "none";
    }
  | { kind: "pglite"; dir: string }
  | { kind: "memory" };

export type Config = Readonly<{
  env: Environment;
  isProduction: boolean;
  isDevelopment: boolean;
  isTest: boolean;
  /** As /api/health reports them: development and test can both be true (NODE_ENV=development with PLAYWRIGHT). */
  environmentFlags: Readonly<{ production: boolean; development: boolean; test: boolean }>;
  auth: Readonly<{ secret: string; secretSource: "env" | "generated" }>;
  /** AUTH_URL (or NEXTAUTH_URL): the app's public URL as Auth.js is told it; null when unset. */
  authUrl: string | null;
  /** OAuth sign-in providers; null = not configured, no button. */
  oauth: Readonly<{ github: Readonly<GitHubOAuthConfig> | null; google: Readonly<GoogleOAuthConfig> | null }>;
  database: Readonly<DatabaseConfig>;
  ai: Readonly<{
    /** Demo models answer even when real providers are configured (PLAYWRIGHT runs). */
    forceDemo: boolean;
    demoDelayMs: number;
    /** Per provider attempt: longest wait for the first token, and then between tokens. */
    timeoutMs: number;
    /** `models` replaces the built-in catalog list of the provider when set. */
    xai: Readonly<{ apiKey: string; baseURL?: string; models?: readonly CustomModelSetting[] }> | null;
    openai: Readonly<{ apiKey: string; baseURL?: string; models?: readonly CustomModelSetting[] }> | null;
    custom: Readonly<{
      baseURL: string;
      apiKey?: string;
      models: readonly CustomModelSetting[];
      /** By model id (as listed in CUSTOM_AI_MODELS); `*` for every other one. Unpriced models cost nothing. */
      prices: Readonly<Record<string, ModelPrice>>;
    }> | null;
    spending: Readonly<AiSpendingConfig>;
    /** Which chat models guests may use; checked against the served models when the registry is built. */
    guestModels: GuestModelsSetting;
  }>;
  storage: Readonly<{ blobToken: string | null; uploadDir: string }>;
  /** Bounds on attachments: bytes per file, files per message, document text per file and per message. */
  uploads: Readonly<{ maxFileBytes: number; maxFilesPerMessage: number; maxDocumentChars: number; maxMessageDocumentChars: number }>;
  redis: Readonly<{ url: string | null }>;
  /** Origins allowed to call the API cross-origin with credentials (CORS); empty = same-origin only. */
  security: Readonly<{ corsAllowedOrigins: readonly string[] }>;
  /** GET /api/metrics answers only to `Authorization: Bearer <token>`; null = the endpoint does not exist. */
  metrics: Readonly<{ token: string | null }>;
  /** Where the database scripts look for pg_dump / pg_restore first; null = PATH and the usual install directories. */
  postgresTools: Readonly<{ binDir: string | null }>;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM, the longest answers being written may take before they are cut off. */
  shutdown: Readonly<{ timeoutMs: number }>;
  limits: Readonly<{
    guestMessagesPerDay: number;
    userMessagesPerDay: number;
    apiRequestsPerMinute: number;
    guestCreationsPerIpPerHour: number;
    guestCreationsPerHour: number;
    guestRetentionDays: number;
  }>;
}>;

type Env = Record<string, string | undefined>;

export type LoadConfigOptions = {
  /** Supplies the development AUTH_SECRET; the default keeps a generated one in a git-ignored file. */
  readDevSecret?: (dataDir: string) => string;
};

const isOn = (value: string | undefined) => value !== undefined && ["1", "true", "yes", "on"].includes(value);

/** "llama3.1:8b=Llama 3.1 8B, qwen2.5" → [{ id: "llama3.1:8b", label: "Llama 3.1 8B" }, { id: "qwen2.5", label: "qwen2.5" }] */
export function parseCustomModels(raw: string): CustomModelSetting[] {
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf("=");
      if (separator === -1) return { id: entry, label: entry };
      const id = entry.slice(0, separator).trim();
      const label = entry.slice(separator + 1).trim();
      return { id, label: label || id };
    })
    .filter((model) => model.id.length > 0);
}

/** "llama3.1:8b=0.2/0.6, *=0.1/0.1" → prices by model id; each id must be one of CUSTOM_AI_MODELS (or `*`). */
export function parseCustomPrices(raw: string | undefined, models: readonly CustomModelSetting[]): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const entry of (raw ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.lastIndexOf("=");
    const id = entry.slice(0, Math.max(0, separator)).trim();
    const match = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(entry.slice(separator + 1).trim());
    if (separator === -1 || !id || !match) {
      throw new ConfigError(
        `Invalid environment variable CUSTOM_AI_PRICES: "${entry}" is not id=input/output in dollars per million tokens (e.g. llama3.1:8b=0.2/0.6)`,
      );
    }
    if (id !== "*" && !models.some((model) => model.id === id)) {
      throw new ConfigError(`Invalid environment variable CUSTOM_AI_PRICES: "${id}" is not one of CUSTOM_AI_MODELS`);
    }
    prices[id] = { inputPerMillion: Number(match[1]), outputPerMillion: Number(match[2]) };
  }
  return prices;
}

const MODEL_ID_PATTERN = /^(demo|xai|openai|custom)\/\S+$/;

/** "all", or "openai/gpt-5.4-nano, custom/llama3.1:8b" → ids; unset → "cheapest". Whether each id is served is the registry's check. */
export function parseGuestModels(raw: string | undefined): GuestModelsSetting {
  if (raw === undefined) return "cheapest";
  const entries = [...new Set(raw.split(",").map((entry) => entry.trim()).filter(Boolean))];
  if (entries.length === 1 && (entries[0] === "all" || entries[0] === "cheapest")) return entries[0];
  if (entries.length === 0) throw new ConfigError("Invalid environment variable GUEST_MODELS: list at least one model id, or all");
  const invalid = entries.find((entry) => !MODEL_ID_PATTERN.test(entry));
  if (invalid !== undefined) {
    throw new ConfigError(
      `Invalid environment variable GUEST_MODELS: "${invalid}" is not a model id like openai/gpt-5.4-nano (or use all / cheapest)`,
    );
  }
  return entries;
}

function parseModelListOverride(variable: string, raw: string | undefined): CustomModelSetting[] | undefined {
  if (raw === undefined) return undefined;
  const models = parseCustomModels(raw);
  if (models.length === 0) {
    throw new ConfigError(`Invalid environment variable ${variable}: list at least one model id (e.g. model-id=Label)`);
  }
  return models;
}

/** An id and a secret come as a pair; an endpoint override without them would be silently ignored. */
function parseOAuthClient(
  name: "GITHUB" | "GOOGLE",
  id: string | undefined,
  secret: string | undefined,
  override: { variable: string; value: string | undefined },
): { clientId: string; clientSecret: string } | null {
  if (!id && !secret) {
    if (override.value) {
      throw new ConfigError(`Invalid environment variable AUTH_${name}_ID: required when ${override.variable} is set`);
    }
    return null;
  }
  if (!id) throw new ConfigError(`Invalid environment variable AUTH_${name}_ID: required when AUTH_${name}_SECRET is set`);
  if (!secret) throw new ConfigError(`Invalid environment variable AUTH_${name}_SECRET: required when AUTH_${name}_ID is set`);
  return { clientId: id, clientSecret: secret };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

export function readOrCreateDevSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 16) return existing;
  } catch {
    // Absent on first run: generate below.
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

export function resolveEnvironment(nodeEnv: string | undefined, playwright: string | undefined): Environment {
  if (nodeEnv === "production") return "production";
  if (nodeEnv === "test" || isOn(playwright)) return "test";
  return "development";
}

export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join(".") || "environment";
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue?.message ?? "invalid value"}`);
  }
  const e = parsed.data;
  const environment = resolveEnvironment(e.NODE_ENV, e.PLAYWRIGHT);
  const isProduction = environment === "production";
  // `next build` runs with NODE_ENV=production but serves nobody; the real check happens when the server boots.
  const isBuild = e.NEXT_PHASE === "phase-production-build";

  let auth: Config["auth"];
  if (e.AUTH_SECRET) {
    auth = { secret: e.AUTH_SECRET, secretSource: "env" };
  } else if (isProduction && !isBuild) {
    throw new ConfigError(
      "Invalid environment variable AUTH_SECRET: required in production (generate one with: openssl rand -base64 32)",
    );
  } else {
    const dataDir = path.resolve(/*turbopackIgnore: true*/ e.CHATBOT_DATA_DIR ?? ".chatbot");
    auth = { secret: (options.readDevSecret ?? readOrCreateDevSecret)(dataDir), secretSource: "generated" };
  }

  const postgresUrl = e.POSTGRES_URL ?? e.DATABASE_URL;
  let database: DatabaseConfig;
  if (postgresUrl) {
    const directUrl = e.POSTGRES_URL_NON_POOLING ?? e.DATABASE_URL_UNPOOLED;
    database = {
      kind: "postgres",
      url: postgresUrl,
      ...(directUrl ? { directUrl } : {}),
      poolMax: e.DB_POOL_MAX,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
      preparedStatements: e.DB_PREPARED_STATEMENTS === undefined ? !directUrl : e.DB_PREPARED_STATEMENTS === "true",
      // Development and tests fall back so a stopped local Postgres never blocks work; production must opt in.
      fallback: e.DATABASE_FALLBACK ?? (isProduction ? "none" : "memory"),
    };
  } else if (e.PGLITE_DIR) {
    database = { kind: "pglite", dir: path.resolve(/*turbopackIgnore: true*/ e.PGLITE_DIR) };
  } else {
    database = { kind: "memory" };
  }

  let custom: Config["ai"]["custom"] = null;
  if (e.CUSTOM_AI_BASE_URL) {
    const models = parseCustomModels(e.CUSTOM_AI_MODELS ?? "");
    if (models.length === 0) {
      throw new ConfigError(
        "Invalid environment variable CUSTOM_AI_MODELS: list at least one model id when CUSTOM_AI_BASE_URL is set (e.g. llama3.1:8b=Llama 3.1)",
      );
    }
    custom = { baseURL: e.CUSTOM_AI_BASE_URL, apiKey: e.CUSTOM_AI_API_KEY, models, prices: parseCustomPrices(e.CUSTOM_AI_PRICES, models) };
  } else if (e.CUSTOM_AI_MODELS || e.CUSTOM_AI_PRICES) {
    const variable = e.CUSTOM_AI_MODELS ? "CUSTOM_AI_MODELS" : "CUSTOM_AI_PRICES";
    throw new ConfigError(`Invalid environment variable CUSTOM_AI_BASE_URL: required when ${variable} is set`);
  }

  const github = parseOAuthClient("GITHUB", e.AUTH_GITHUB_ID, e.AUTH_GITHUB_SECRET, {
    variable: "AUTH_GITHUB_URL",
    value: e.AUTH_GITHUB_URL,
  });
  const google = parseOAuthClient("GOOGLE", e.AUTH_GOOGLE_ID, e.AUTH_GOOGLE_SECRET, {
    variable: "AUTH_GOOGLE_ISSUER",
    value: e.AUTH_GOOGLE_ISSUER,
  });

  const xaiModels = parseModelListOverride("XAI_MODELS", e.XAI_MODELS);
  const openaiModels = parseModelListOverride("OPENAI_MODELS", e.OPENAI_MODELS);
  const guestModels = parseGuestModels(e.GUEST_MODELS);

  const config: Config = {
    env: environment,
    isProduction,
    isDevelopment: environment === "development",
    isTest: environment === "test",
    environmentFlags: {
      production: isProduction,
      development: !isProduction && e.NODE_ENV !== "test",
      test: environment === "test" || isOn(e.PLAYWRIGHT),
    },
    auth,
    authUrl: e.AUTH_URL ?? e.NEXTAUTH_URL ?? null,
    oauth: {
      github: github && { ...github, baseUrl: e.AUTH_GITHUB_URL ? withoutTrailingSlash(e.AUTH_GITHUB_URL) : null },
      google: google && { ...google, issuer: e.AUTH_GOOGLE_ISSUER ?? null },
    },
    database,
    ai: {
      forceDemo: isOn(e.PLAYWRIGHT),
      demoDelayMs: e.DEMO_STREAM_DELAY_MS,
      timeoutMs: e.AI_TIMEOUT_MS,
      xai: e.XAI_API_KEY ? { apiKey: e.XAI_API_KEY, baseURL: e.XAI_BASE_URL, ...(xaiModels ? { models: xaiModels } : {}) } : null,
      openai: e.OPENAI_API_KEY
        ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, ...(openaiModels ? { models: openaiModels } : {}) }
        : null,
      custom,
      spending: {
        guestDailyCapUsd: e.GUEST_DAILY_COST_CAP_USD ?? null,
        userDailyCapUsd: e.USER_DAILY_COST_CAP_USD ?? null,
        monthlyBudgetUsd: e.MONTHLY_BUDGET_USD ?? null,
        // A budget is a limit: past it, refuse unless the operator chose to keep answering cheaply.
        budgetExceededAction: e.BUDGET_EXCEEDED_ACTION ?? "refuse",
      },
      guestModels,
    },
    storage: {
      blobToken: e.BLOB_READ_WRITE_TOKEN ?? null,
      uploadDir: path.resolve(/*turbopackIgnore: true*/ e.UPLOAD_DIR ?? path.join(e.CHATBOT_DATA_DIR ?? ".chatbot", "uploads")),
    },
    uploads: {
      maxFileBytes: e.UPLOAD_MAX_FILE_MB * 1_000_000,
      maxFilesPerMessage: e.UPLOAD_MAX_FILES_PER_MESSAGE,
      maxDocumentChars: e.DOCUMENT_MAX_CHARS_PER_FILE,
      maxMessageDocumentChars: e.DOCUMENT_MAX_CHARS_PER_MESSAGE,
    },
    redis: { url: e.REDIS_URL ?? null },
    security: { corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS },
    metrics: { token: e.METRICS_TOKEN ?? null },
    postgresTools: { binDir: e.PG_BIN_DIR ? path.resolve(/*turbopackIgnore: true*/ e.PG_BIN_DIR) : null },
    shutdown: { timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    limits: {
      guestMessagesPerDay: e.GUEST_MESSAGES_PER_DAY,
      userMessagesPerDay: e.USER_MESSAGES_PER_DAY,
      apiRequestsPerMinute: e.API_REQUESTS_PER_MINUTE,
      guestCreationsPerIpPerHour: e.GUEST_CREATIONS_PER_IP_PER_HOUR,
      guestCreationsPerHour: e.GUEST_CREATIONS_PER_HOUR,
      guestRetentionDays: e.GUEST_RETENTION_DAYS,
    },
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
export function readLogSettings(env: Env = process.env): LogSettings {
  const level = LOG_LEVELS.find((candidate) => candidate === env.LOG_LEVEL) ?? "info";
  const isDevelopment = resolveEnvironment(env.NODE_ENV, env.PLAYWRIGHT) === "development";
  const format = env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty" ? env.LOG_FORMAT : isDevelopment ? "pretty" : "json";
  const file = env.LOG_FILE?.trim() ? path.resolve(/*turbopackIgnore: true*/ env.LOG_FILE.trim()) : null;
  return { level, format, file };
}

const globalForConfig = globalThis as unknown as { __chatbotConfig?: Config };

/** The process-wide config, parsed on first use. Throws ConfigError on a bad environment. */
export function getConfig(): Config {
  globalForConfig.__chatbotConfig ??= loadConfig(process.env);
  return globalForConfig.__chatbotConfig;
}

/**
 * The largest request body the Next.js proxy (proxy.ts) passes on, for next.config.ts: an upload of
 * UPLOAD_MAX_FILE_MB plus its multipart framing. Next cuts bodies beyond its limit (10 MB by default) short
 * without an error, which would turn every larger upload into a broken one. A bad value falls back to the default
 * here; the boot reports it.
 */
export function maxProxyBodyBytes(env: Env = process.env): number {
  const parsed = envSchema.shape.UPLOAD_MAX_FILE_MB.safeParse(env.UPLOAD_MAX_FILE_MB);
  return (parsed.success ? parsed.data : 20) * 1_000_000 + 1_000_000;
}

/** True while `next build` runs, when no server is being booted. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}

/** True on Vercel, where a function instance that exits at boot only turns every request into a platform error. */
export function isServerlessPlatform(): boolean {
  return Boolean(process.env.VERCEL);
}

/**
 * BUILD_STANDALONE: `next build` also writes the self-contained server of `.next/standalone`, which the Dockerfile
 * ships. Off by default: `next start` warns about a standalone build, and a Vercel build has no use for it.
 */
export function isStandaloneBuild(env: Env = process.env): boolean {
  const parsed = truthy.safeParse(env.BUILD_STANDALONE);
  if (!parsed.success) throw new ConfigError("Invalid environment variable BUILD_STANDALONE: must be true or false");
  return isOn(parsed.data);
}

/** Every variable the config reads, for checks that the documented environment templates are complete. */
export const CONFIG_ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/**
 * Deletes variables set to the empty string, so that libraries reading the environment themselves follow our rule
 * that empty means unset: @ai-sdk/openai builds a default provider when imported and throws on `OPENAI_BASE_URL=`,
 * which an env file copied from .env.production.example holds. Call before anything imports such a library.
 */
export function unsetEmptyEnvironmentVariables(env: Env = process.env): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === "") delete env[name];
  }
}
