import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import postgres from "postgres";

import { freePort } from "./free-port";

const run = promisify(execFile);

const POSTGRES_BIN_DIR = "/usr/lib/postgresql/15/bin";
const CLUSTER_USER = "postgres";
const START_TIMEOUT_S = 60;

export type PostgresCluster = {
  /** URL of the cluster's `chatbot_test` database. */
  url: string;
  /** Creates an empty database on the cluster and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Kills the server and deletes its data directory. */
  stop(): Promise<void>;
};

/** initdb and postgres refuse to run as root, so as root the commands run as the postgres user. */
function asClusterUser(binary: string, args: string[]): [string, string[]] {
  const command = path.join(POSTGRES_BIN_DIR, binary);
  return process.getuid?.() === 0 ? ["runuser", ["-u", CLUSTER_USER, "--", command, ...args]] : [command, args];
}

async function runAsClusterUser(binary: string, args: string[]): Promise<void> {
  const [command, commandArgs] = asClusterUser(binary, args);
  try {
    await run(command, commandArgs, { timeout: (START_TIMEOUT_S + 10) * 1000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${binary} failed: ${(stderr || stdout || String(error)).trim()}`, { cause: error });
  }
}

async function prepareDataRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "chatbot-pg-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", CLUSTER_USER]);
    const uid = Number(stdout.trim());
    const { stdout: gidOut } = await run("id", ["-g", CLUSTER_USER]);
    await chown(root, uid, Number(gidOut.trim()));
  }
  await chmod(root, 0o700);
  return root;
}

function databaseUrl(port: number, database: string): string {
  return `postgres://${CLUSTER_USER}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a throwaway PostgreSQL 15 server on a free port of 127.0.0.1, with trust auth and fsync off: fast,
 * and only for tests. Requires the postgresql-15 package (`apt-get install -y postgresql-15`).
 */
export async function startPostgres(options: { port?: number } = {}): Promise<PostgresCluster> {
  if (!existsSync(path.join(POSTGRES_BIN_DIR, "postgres"))) {
    throw new Error(`PostgreSQL 15 is not installed (${POSTGRES_BIN_DIR}); run: apt-get install -y postgresql-15`);
  }
  const root = await prepareDataRoot();
  const dataDir = path.join(root, "data");
  const port = options.port ?? (await freePort());
  const stop = async () => {
    await runAsClusterUser("pg_ctl", ["stop", "-m", "immediate", "-w", "-D", dataDir]).catch(() => {});
    await rm(root, { recursive: true, force: true });
  };
  const createDatabase = async (name: string): Promise<string> => {
    const admin = postgres(databaseUrl(port, "postgres"), { max: 1, onnotice: () => {} });
    try {
      await admin`create database ${admin(name)}`;
    } finally {
      await admin.end();
    }
    return databaseUrl(port, name);
  };

  try {
    await initAndStart(dataDir, root, port);
    return { url: await createDatabase("chatbot_test"), createDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function initAndStart(dataDir: string, root: string, port: number): Promise<void> {
  await runAsClusterUser("initdb", [
    "-D",
    dataDir,
    "-U",
    CLUSTER_USER,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    // Linguistic text order, as most production databases have: tests then catch any query that relies on
    // byte order without saying COLLATE "C".
    "--locale-provider=icu",
    "--icu-locale=en-US",
    "--no-sync",
  ]);
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${root}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  await runAsClusterUser("pg_ctl", [
    "start",
    "-w",
    "-t",
    String(START_TIMEOUT_S),
    "-D",
    dataDir,
    "-l",
    path.join(root, "server.log"),
    "-o",
    serverOptions,
  ]);
}
