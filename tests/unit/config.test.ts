import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig, parseCustomModels, readOrCreateDevSecret } from "@/lib/config";
import { configErrorOf, loadTestConfig as load, TEST_DEV_SECRET } from "../support/config";

const ENV_SECRET = "an-env-secret-of-sufficient-length";

describe("loadConfig: environment", () => {
  it.each([
    { name: "NODE_ENV unset", env: {}, expected: "development" },
    { name: "NODE_ENV=development", env: { NODE_ENV: "development" }, expected: "development" },
    { name: "NODE_ENV=production", env: { NODE_ENV: "production", AUTH_SECRET: ENV_SECRET }, expected: "production" },
    { name: "NODE_ENV=test", env: { NODE_ENV: "test" }, expected: "test" },
    { name: "PLAYWRIGHT=True", env: { PLAYWRIGHT: "True" }, expected: "test" },
    { name: "PLAYWRIGHT=1", env: { PLAYWRIGHT: "1" }, expected: "test" },
    { name: "PLAYWRIGHT=yes", env: { PLAYWRIGHT: "yes" }, expected: "test" },
    { name: "PLAYWRIGHT=false", env: { PLAYWRIGHT: "false" }, expected: "development" },
    { name: "PLAYWRIGHT=0", env: { PLAYWRIGHT: "0" }, expected: "development" },
    {
      name: "NODE_ENV=production with PLAYWRIGHT=1",
      env: { NODE_ENV: "production", PLAYWRIGHT: "1", AUTH_SECRET: ENV_SECRET },
      expected: "production",
    },
  ] as const)("resolves $name to $expected", ({ env, expected }) => {
    const config = load(env);
    expect(config.env).toBe(expected);
    expect(config.isProduction).toBe(expected === "production");
    expect(config.isDevelopment).toBe(expected === "development");
    expect(config.isTest).toBe(expected === "test");
  });

  it("reports development and test both true for NODE_ENV=development with PLAYWRIGHT=True", () => {
    const config = load({ NODE_ENV: "development", PLAYWRIGHT: "True" });
    expect(config.environmentFlags).toEqual({ production: false, development: true, test: true });
  });

  it("reports only production for a plain production environment", () => {
    const config = load({ NODE_ENV: "production", AUTH_SECRET: ENV_SECRET });
    expect(config.environmentFlags).toEqual({ production: true, development: false, test: false });
  });

  it("reports only test for NODE_ENV=test", () => {
    expect(load({ NODE_ENV: "test" }).environmentFlags).toEqual({ production: false, development: false, test: true });
  });

  it("forces the demo models under PLAYWRIGHT and not otherwise", () => {
    expect(load({ PLAYWRIGHT: "1", XAI_API_KEY: "xai-key" }).ai.forceDemo).toBe(true);
    expect(load({ XAI_API_KEY: "xai-key" }).ai.forceDemo).toBe(false);
  });
});

describe("loadConfig: empty strings", () => {
  it("treats empty strings as unset", () => {
    const config = load({
      NODE_ENV: "",
      PLAYWRIGHT: "",
      AUTH_SECRET: "",
      POSTGRES_URL: "",
      DATABASE_URL: "",
      DB_POOL_MAX: "",
      PGLITE_DIR: "",
      XAI_API_KEY: "",
      XAI_BASE_URL: "",
      OPENAI_API_KEY: "",
      CUSTOM_AI_BASE_URL: "",
      CUSTOM_AI_MODELS: "",
      DEMO_STREAM_DELAY_MS: "",
      REDIS_URL: "",
      BLOB_READ_WRITE_TOKEN: "",
    });
    expect(config.env).toBe("development");
    expect(config.auth.secretSource).toBe("generated");
    expect(config.database).toEqual({ kind: "memory" });
    expect(config.ai.xai).toBeNull();
    expect(config.ai.openai).toBeNull();
    expect(config.ai.custom).toBeNull();
    expect(config.redis.url).toBeNull();
    expect(config.storage.blobToken).toBeNull();
    expect(config.ai.demoDelayMs).toBe(load({}).ai.demoDelayMs);
  });

  it("uses the default pool size when DB_POOL_MAX is empty", () => {
    const config = load({ POSTGRES_URL: "postgres://localhost/db", DB_POOL_MAX: "" });
    expect(config.database).toMatchObject({ kind: "postgres", poolMax: 10 });
  });

  it("rejects an empty AUTH_SECRET in production as missing", () => {
    expect(configErrorOf({ NODE_ENV: "production", AUTH_SECRET: "" }).message).toContain("AUTH_SECRET");
  });
});

describe("loadConfig: AUTH_SECRET", () => {
  it("throws a one-line ConfigError naming AUTH_SECRET when it is missing in production", () => {
    const error = configErrorOf({ NODE_ENV: "production" });
    expect(error.name).toBe("ConfigError");
    expect(error.message).toContain("AUTH_SECRET");
    expect(error.message).not.toContain("\n");
  });

  it("does not require AUTH_SECRET while next build runs", () => {
    const readDevSecret = vi.fn((_dataDir: string) => TEST_DEV_SECRET);
    const config = loadConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }, { readDevSecret });
    expect(config.isProduction).toBe(true);
    expect(config.auth).toEqual({ secret: TEST_DEV_SECRET, secretSource: "generated" });
  });

  it("uses AUTH_SECRET from the environment without generating one", () => {
    const readDevSecret = vi.fn((_dataDir: string) => TEST_DEV_SECRET);
    const config = loadConfig({ AUTH_SECRET: ENV_SECRET }, { readDevSecret });
    expect(config.auth).toEqual({ secret: ENV_SECRET, secretSource: "env" });
    expect(readDevSecret).not.toHaveBeenCalled();
  });

  it("asks readDevSecret for a secret kept in the absolute CHATBOT_DATA_DIR during development", () => {
    const readDevSecret = vi.fn((_dataDir: string) => TEST_DEV_SECRET);
    const config = loadConfig({ CHATBOT_DATA_DIR: "some/data-dir" }, { readDevSecret });
    expect(config.auth).toEqual({ secret: TEST_DEV_SECRET, secretSource: "generated" });
    expect(readDevSecret).toHaveBeenCalledTimes(1);
    const dataDir = readDevSecret.mock.calls[0]?.[0] ?? "";
    expect(path.isAbsolute(dataDir)).toBe(true);
    expect(dataDir).toBe(path.join(process.cwd(), "some", "data-dir"));
  });
});

describe("readOrCreateDevSecret", () => {
  let tempDir: string | undefined;
  afterEach(() => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  it("creates the data dir and a secret file readable only by its owner", () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-config-"));
    const dataDir = path.join(tempDir, "nested", "data");
    const secret = readOrCreateDevSecret(dataDir);
    const file = path.join(dataDir, "auth-secret");
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("returns the same secret on the second call", () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-config-"));
    expect(readOrCreateDevSecret(tempDir)).toBe(readOrCreateDevSecret(tempDir));
  });

  it("is what loadConfig uses by default, so restarts keep sessions valid", () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-config-"));
    const first = loadConfig({ CHATBOT_DATA_DIR: tempDir });
    const second = loadConfig({ CHATBOT_DATA_DIR: tempDir });
    expect(first.auth.secretSource).toBe("generated");
    expect(first.auth.secret).toBe(readFileSync(path.join(tempDir, "auth-secret"), "utf8").trim());
    expect(second.auth.secret).toBe(first.auth.secret);
  });
});

describe("loadConfig: invalid values", () => {
  it.each([
    { variable: "DB_POOL_MAX", value: "abc" },
    { variable: "DB_POOL_MAX", value: "0" },
    { variable: "DB_POOL_MAX", value: "2.5" },
    { variable: "DB_CONNECT_TIMEOUT_MS", value: "10" },
    { variable: "POSTGRES_URL", value: "mysql://x" },
    { variable: "DATABASE_URL", value: "mysql://x" },
    { variable: "XAI_BASE_URL", value: "not-a-url" },
    { variable: "OPENAI_BASE_URL", value: "ftp://example.com" },
    { variable: "REDIS_URL", value: "http://x" },
    { variable: "DATABASE_FALLBACK", value: "maybe" },
    { variable: "DEMO_STREAM_DELAY_MS", value: "-1" },
    { variable: "PLAYWRIGHT", value: "perhaps" },
    { variable: "AUTH_SECRET", value: "too-short" },
  ])("rejects $variable=$value with a one-line ConfigError naming it", ({ variable, value }) => {
    const error = configErrorOf({ [variable]: value });
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain("\n");
  });
});

describe("loadConfig: database", () => {
  const url = "postgres://user:pass@localhost:5432/chatbot";

  it("uses postgres with the default pool and no fallback in production", () => {
    const config = load({ NODE_ENV: "production", AUTH_SECRET: ENV_SECRET, POSTGRES_URL: url });
    expect(config.database).toEqual({
      kind: "postgres",
      url,
      poolMax: 10,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 1000,
      preparedStatements: true,
      fallback: "none",
    });
  });

  it("prepares statements unless a non-pooling URL says POSTGRES_URL is a pooler, or DB_PREPARED_STATEMENTS says", () => {
    const direct = "postgres://user:pass@direct:5432/chatbot";
    expect(load({ POSTGRES_URL: url, POSTGRES_URL_NON_POOLING: direct }).database).toMatchObject({ preparedStatements: false });
    expect(load({ POSTGRES_URL: url, DATABASE_URL_UNPOOLED: direct }).database).toMatchObject({ preparedStatements: false });
    expect(load({ POSTGRES_URL: url, DB_PREPARED_STATEMENTS: "false" }).database).toMatchObject({ preparedStatements: false });
    expect(
      load({ POSTGRES_URL: url, POSTGRES_URL_NON_POOLING: direct, DB_PREPARED_STATEMENTS: "true" }).database,
    ).toMatchObject({ preparedStatements: true });
    expect(() => load({ POSTGRES_URL: url, DB_PREPARED_STATEMENTS: "yes" })).toThrow(/DB_PREPARED_STATEMENTS/);
  });

  it.each([
    { name: "development", env: {} },
    { name: "test", env: { NODE_ENV: "test" } },
    { name: "PLAYWRIGHT", env: { PLAYWRIGHT: "1" } },
  ])("falls back to memory by default in $name", ({ env }) => {
    expect(load({ ...env, POSTGRES_URL: url }).database).toMatchObject({ kind: "postgres", fallback: "memory" });
  });

  it("lets DATABASE_FALLBACK=memory opt production into the fallback", () => {
    const config = load({ NODE_ENV: "production", AUTH_SECRET: ENV_SECRET, POSTGRES_URL: url, DATABASE_FALLBACK: "memory" });
    expect(config.database).toMatchObject({ kind: "postgres", fallback: "memory" });
  });

  it("lets DATABASE_FALLBACK=none disable the fallback in development", () => {
    expect(load({ POSTGRES_URL: url, DATABASE_FALLBACK: "none" }).database).toMatchObject({ fallback: "none" });
  });

  it("reads the pool size and connect timeout", () => {
    const config = load({ POSTGRES_URL: url, DB_POOL_MAX: "25", DB_CONNECT_TIMEOUT_MS: "1500" });
    expect(config.database).toMatchObject({ poolMax: 25, connectTimeoutMs: 1500 });
  });

  it("reads the query timeout, and names DB_QUERY_TIMEOUT_MS when it is not a number of milliseconds", () => {
    expect(load({ POSTGRES_URL: url, DB_QUERY_TIMEOUT_MS: "2500" }).database).toMatchObject({ queryTimeoutMs: 2500 });
    expect(() => load({ POSTGRES_URL: url, DB_QUERY_TIMEOUT_MS: "soon" })).toThrow(/DB_QUERY_TIMEOUT_MS/);
  });

  it("accepts postgresql:// and DATABASE_URL as an alias", () => {
    const alias = "postgresql://localhost/other";
    expect(load({ DATABASE_URL: alias }).database).toMatchObject({ kind: "postgres", url: alias });
  });

  it("prefers POSTGRES_URL over DATABASE_URL", () => {
    expect(load({ POSTGRES_URL: url, DATABASE_URL: "postgres://elsewhere/db" }).database).toMatchObject({ url });
  });

  it("uses PGlite in an absolute directory when PGLITE_DIR is set", () => {
    expect(load({ PGLITE_DIR: "data/pglite" }).database).toEqual({
      kind: "pglite",
      dir: path.join(process.cwd(), "data", "pglite"),
    });
  });

  it("prefers postgres over PGlite when both are set", () => {
    expect(load({ POSTGRES_URL: url, PGLITE_DIR: "data/pglite" }).database.kind).toBe("postgres");
  });

  it("uses memory when no database is configured", () => {
    expect(load({}).database).toEqual({ kind: "memory" });
  });
});

describe("parseCustomModels", () => {
  it.each([
    { raw: "a=A, b", expected: [{ id: "a", label: "A" }, { id: "b", label: "b" }] },
    {
      raw: "llama3.1:8b=Llama 3.1 8B,qwen2.5",
      expected: [
        { id: "llama3.1:8b", label: "Llama 3.1 8B" },
        { id: "qwen2.5", label: "qwen2.5" },
      ],
    },
    { raw: "x=", expected: [{ id: "x", label: "x" }] },
    { raw: "a=B=C", expected: [{ id: "a", label: "B=C" }] },
    { raw: " , ,=Orphan label", expected: [] },
    { raw: "", expected: [] },
  ])("parses $raw", ({ raw, expected }) => {
    expect(parseCustomModels(raw)).toEqual(expected);
  });
});

describe("loadConfig: custom provider", () => {
  it("reads the base URL, key and models", () => {
    const config = load({
      CUSTOM_AI_BASE_URL: "http://localhost:11434/v1",
      CUSTOM_AI_API_KEY: "ollama",
      CUSTOM_AI_MODELS: "a=A, b",
    });
    expect(config.ai.custom).toEqual({
      baseURL: "http://localhost:11434/v1",
      apiKey: "ollama",
      models: parseCustomModels("a=A, b"),
      prices: {},
    });
  });

  it.each([
    { name: "a base URL without models", env: { CUSTOM_AI_BASE_URL: "http://localhost:11434/v1" }, variable: "CUSTOM_AI_MODELS" },
    {
      name: "a base URL with an empty model list",
      env: { CUSTOM_AI_BASE_URL: "http://localhost:11434/v1", CUSTOM_AI_MODELS: " , " },
      variable: "CUSTOM_AI_MODELS",
    },
    { name: "models without a base URL", env: { CUSTOM_AI_MODELS: "a=A" }, variable: "CUSTOM_AI_BASE_URL" },
  ])("rejects $name with a ConfigError naming $variable", ({ env, variable }) => {
    const error = configErrorOf(env);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain("\n");
  });

  it("configures xAI and OpenAI only when their keys are set", () => {
    const config = load({ XAI_API_KEY: "xai-key", OPENAI_API_KEY: "sk-key", OPENAI_BASE_URL: "http://localhost:8080/v1" });
    expect(config.ai.xai).toEqual({ apiKey: "xai-key", baseURL: undefined });
    expect(config.ai.openai).toEqual({ apiKey: "sk-key", baseURL: "http://localhost:8080/v1" });
  });
});

describe("loadConfig: immutability", () => {
  it("returns a deeply frozen object", () => {
    const config = load({
      POSTGRES_URL: "postgres://localhost/db",
      CUSTOM_AI_BASE_URL: "http://localhost:11434/v1",
      CUSTOM_AI_MODELS: "a=A",
    });
    const nested = [
      config,
      config.environmentFlags,
      config.auth,
      config.database,
      config.ai,
      config.ai.custom,
      config.ai.custom?.models,
      config.ai.custom?.models[0],
      config.storage,
      config.redis,
    ];
    for (const value of nested) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (config.auth as { secret: string }).secret = "changed";
    }).toThrow(TypeError);
    expect(config.auth.secret).toBe(TEST_DEV_SECRET);
  });
});
