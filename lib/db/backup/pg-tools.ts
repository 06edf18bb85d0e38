import { execFile, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { APP_SCHEMAS } from "./app-schema";

// No "server-only" here: the database scripts run this module under plain Node.

const run = promisify(execFile);

export type PgToolName = "pg_dump" | "pg_restore";
export type PgTool = { path: string; major: number; version: string };
export type PgToolChoice = { tool: PgTool } | { tool: null; reason: string };

/** Where to look for the tools, and the environment they run in (the scripts pass their own). */
export type PgToolContext = { binDir: string | null; env: NodeJS.ProcessEnv };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where packages put each major version: Debian/Ubuntu, RHEL (PGDG), Homebrew. */
function installDirectories(): string[] {
  const versioned = (root: string, toDir: (entry: string) => string) => {
    try {
      return readdirSync(root).map(toDir);
    } catch {
      return [];
    }
  };
  return [
    ...versioned("/usr/lib/postgresql", (entry) => path.join("/usr/lib/postgresql", entry, "bin")),
    ...versioned("/usr", (entry) => path.join("/usr", entry, "bin")).filter((dir) => /\/usr\/pgsql-\d+\/bin$/.test(dir)),
    ...["/opt/homebrew/opt", "/usr/local/opt"].flatMap((root) =>
      versioned(root, (entry) => path.join(root, entry, "bin")).filter((dir) => /postgresql(@\d+)?\/bin$/.test(dir)),
    ),
  ];
}

async function versionOf(file: string): Promise<PgTool | null> {
  try {
    const { stdout } = await run(file, ["--version"], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+((\d+)[^\s]*)/.exec(stdout);
    return match?.[1] && match[2] ? { path: file, version: match[1], major: Number(match[2]) } : null;
  } catch {
    return null;
  }
}

/**
 * The pg_dump or pg_restore to use against a server of `serverMajor`: one of the same major version, else the
 * oldest newer one (pg_dump reads older servers; an older one refuses a newer server). Looks in PG_BIN_DIR when
 * set, else on PATH and in the usual install directories.
 */
export async function findPgTool(name: PgToolName, serverMajor: number, context: PgToolContext): Promise<PgToolChoice> {
  const directories = context.binDir
    ? [context.binDir]
    : [...(context.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...installDirectories()];
  const candidates = [...new Set(directories.map((dir) => path.join(dir, name)))].filter(isExecutable);
  const tools = (await Promise.all(candidates.map(versionOf))).filter((tool): tool is PgTool => tool !== null);
  const exact = tools.find((tool) => tool.major === serverMajor);
  if (exact) return { tool: exact };
  const newer = tools.filter((tool) => tool.major > serverMajor).sort((a, b) => a.major - b.major)[0];
  if (newer) return { tool: newer };
  const where = context.binDir ? `in PG_BIN_DIR (${context.binDir})` : "on PATH or in the usual install directories";
  if (tools.length === 0) return { tool: null, reason: `no ${name} ${where}` };
  const found = tools.map((tool) => tool.version).join(", ");
  return { tool: null, reason: `${name} ${found} ${where} is older than the server (PostgreSQL ${serverMajor})` };
}

/**
 * libpq's environment for a URL: the password goes in PGPASSWORD, not on the command line, where any user of the
 * machine could read it in the process list.
 */
export function connectionFor(url: string, connectTimeoutMs: number): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: String(Math.max(1, Math.ceil(connectTimeoutMs / 1000))) };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

async function runTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(file)} failed (exit ${code}): ${stderr.trim().split("\n").slice(0, 5).join(" | ")}`));
    });
  });
}

/** A custom-format archive of the app's schemas (tables, data, drizzle's journal), without owners or grants. */
export async function runPgDump(tool: PgTool, context: PgToolContext, options: { url: string; connectTimeoutMs: number; file: string }): Promise<void> {
  const { dbname, env } = connectionFor(options.url, options.connectTimeoutMs);
  await runTool(
    tool.path,
    [
      "--format=custom",
      "--no-owner",
      "--no-privileges",
      ...APP_SCHEMAS.map((schema) => `--schema=${schema}`),
      `--file=${options.file}`,
      `--dbname=${dbname}`,
    ],
    { ...context.env, ...env },
  );
}

/**
 * Restores an archive in one transaction (all or nothing). `public` already exists in any database, so its CREATE
 * SCHEMA entry (and comment) are left out of the list pg_restore works through.
 */
export async function runPgRestore(tool: PgTool, context: PgToolContext, options: { url: string; connectTimeoutMs: number; file: string }): Promise<void> {
  const { dbname, env } = connectionFor(options.url, options.connectTimeoutMs);
  const toolEnv = { ...context.env, ...env };
  const contents = await runTool(tool.path, ["--list", options.file], toolEnv);
  const list = contents
    .split("\n")
    .filter((line) => !/^\d+;\s+\d+\s+\d+\s+(SCHEMA - public|COMMENT - SCHEMA public)\s/.test(line))
    .join("\n");
  const listDir = mkdtempSync(path.join(tmpdir(), "chatbot-restore-"));
  const listFile = path.join(listDir, "contents.list");
  writeFileSync(listFile, list);
  try {
    await runTool(
      tool.path,
      [`--use-list=${listFile}`, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${dbname}`, options.file],
      toolEnv,
    );
  } finally {
    rmSync(listDir, { recursive: true, force: true });
  }
}
