import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { freePort } from "../support/free-port";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);

type Result = { code: number; stdout: string; stderr: string };

/** The migration step of `npm run vercel-build`, in a build's environment: NODE_ENV=production, no AUTH_SECRET. */
async function migrateOnBuild(env: Record<string, string>): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/db-migrate-on-build.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout = "", stderr = "" } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? -1, stdout, stderr };
  }
}

const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

describe("migrations during the Vercel build", () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase(inject("postgresUrl"), "build_migrate");
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("is the step vercel.json's build command runs after next build", () => {
    const vercel = JSON.parse(readFileSync(path.join(ROOT, "vercel.json"), "utf8")) as { buildCommand?: string; framework?: string };
    expect(vercel.framework).toBe("nextjs");
    expect(vercel.buildCommand).toBe("npm run vercel-build");
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const buildScript = /bash (scripts\/\S+\.sh)$/.exec(scripts["vercel-build"] ?? "")?.[1] ?? "";
    const steps = lines(readFileSync(path.join(ROOT, buildScript), "utf8")).filter((line) => !line.startsWith("#"));
    const build = steps.findIndex((line) => /\bnext build\b/.test(line));
    const migrate = steps.findIndex((line) => line.includes("scripts/db-migrate-on-build.ts"));
    expect(build).toBeGreaterThanOrEqual(0);
    expect(migrate).toBeGreaterThan(build);
  });

  it("is skipped with one line when POSTGRES_URL is not set", async () => {
    const result = await migrateOnBuild({});
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stdout)).toEqual(["Migrations skipped: POSTGRES_URL is not set."]);
  });

  it("applies every migration to POSTGRES_URL, again as a no-op, and never prints the password", async () => {
    const url = new URL(database.url);
    // The test cluster trusts local connections, so any password works; the output must not contain it.
    url.password = "build-secret-password";
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await migrateOnBuild({ POSTGRES_URL: url.toString() });
      expect(result.code, result.stderr).toBe(0);
      expect(lines(result.stdout)).toEqual([`Migrations applied: PostgreSQL database ${url.host}${url.pathname} is up to date.`]);
      expect(result.stdout + result.stderr).not.toContain("build-secret-password");
    }
    const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
      expect(row?.count).toBe(journal.entries.length);
      const [chats] = await sql<{ exists: boolean }[]>`select to_regclass('public.chats') is not null as exists`;
      expect(chats?.exists).toBe(true);
    } finally {
      await sql.end();
    }
  });

  it("migrates through the direct connection when the provider gives one beside a pooled POSTGRES_URL", async () => {
    const direct = await createScratchDatabase(inject("postgresUrl"), "build_direct");
    try {
      // The pooled URL leads nowhere: only the direct one can have been used.
      const pooled = `postgres://postgres@127.0.0.1:${await freePort()}/chatbot`;
      const result = await migrateOnBuild({ POSTGRES_URL: pooled, POSTGRES_URL_NON_POOLING: direct.url, DB_CONNECT_TIMEOUT_MS: "1000" });
      expect(result.code, result.stderr).toBe(0);
      const { host, pathname } = new URL(direct.url);
      expect(lines(result.stdout)).toEqual([`Migrations applied: PostgreSQL database ${host}${pathname} is up to date.`]);
    } finally {
      await direct.drop();
    }
  });

  it("fails the build with one line when the database cannot be reached", async () => {
    const port = await freePort();
    const result = await migrateOnBuild({ POSTGRES_URL: `postgres://postgres@127.0.0.1:${port}/chatbot`, DB_CONNECT_TIMEOUT_MS: "1000" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^Migrations failed: /);
  });
});
