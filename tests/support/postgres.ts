import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
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
  /** Fault injection: shuts the server down (`pg_ctl stop`, fast mode), keeping its data, and starts it again. */
  shutDownServer(): Promise<void>;
  startServer(): Promise<void>;
  /**
   * Fault injection: freezes every process of this cluster (its postmaster and each backend) with SIGSTOP, so the
   * server hangs with its sockets open, and thaws them with SIGCONT. Only this cluster's processes are touched.
   */
  pauseServer(): Promise<void>;
  resumeServer(): Promise<void>;
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
  let paused: number[] = [];
  const resumeServer = async () => {
    for (const pid of paused) signal(pid, "SIGCONT");
    paused = [];
  };
  const stop = async () => {
    await resumeServer();
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

  const faults = {
    shutDownServer: () => runAsClusterUser("pg_ctl", ["stop", "-m", "fast", "-w", "-D", dataDir]),
    startServer: () => startServer(dataDir, root, port),
    pauseServer: async () => {
      const postmaster = Number((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
      // The postmaster first, so that it cannot start a backend while its children are being frozen.
      signal(postmaster, "SIGSTOP");
      const processes = [postmaster, ...(await childrenOf(postmaster))];
      for (const pid of processes.slice(1)) signal(pid, "SIGSTOP");
      paused = processes;
    },
    resumeServer,
  };

  try {
    await initAndStart(dataDir, root, port);
    return { url: await createDatabase("chatbot_test"), createDatabase, stop, ...faults };
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
  await startServer(dataDir, root, port);
}

function signal(pid: number, name: "SIGSTOP" | "SIGCONT"): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone meanwhile (a backend whose client disconnected): nothing to freeze or thaw.
  }
}

/** The processes whose parent is `pid`, from /proc (the backends and helpers a postmaster forked). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the command name, which is in parentheses and may contain spaces: state, then ppid.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

async function startServer(dataDir: string, root: string, port: number): Promise<void> {
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
