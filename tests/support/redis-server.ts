import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

const REDIS_SERVER = "/usr/bin/redis-server";
const START_TIMEOUT_MS = 20_000;

export type RedisServer = {
  /** `redis://127.0.0.1:<port>`; the port stays the same across stop() and start(). */
  url: string;
  port: number;
  isRunning(): boolean;
  /** Starts the server again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Ends the server with a real signal (SIGKILL by default: an outage, not a shutdown) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that hangs (accepts connections, never answers), as behind a network partition. */
  pause(): void;
  resume(): void;
  /** Kills the server and removes its directory. */
  stop(): Promise<void>;
};

/**
 * Starts a throwaway redis-server on a free port of 127.0.0.1 with a config file of its own: no RDB or AOF
 * persistence, its working directory in a temp dir. Requires the redis-server package (scripts/test-prereqs.sh).
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing; run: apt-get install -y redis-server`);
  const dir = await mkdtemp(path.join(tmpdir(), "chatbot-redis-"));
  const port = options.port ?? (await freePort());
  const configFile = path.join(dir, "redis.conf");
  await writeFile(
    configFile,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `dir ${dir}`,
      'save ""',
      "appendonly no",
      "daemonize no",
      "loglevel warning",
      'logfile ""',
      "databases 1",
    ].join("\n") + "\n",
  );

  let child: ChildProcess | null = null;
  let output = "";
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const started = spawn(REDIS_SERVER, [configFile], { stdio: ["ignore", "pipe", "pipe"] });
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await waitForPong(port, started, () => output);
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    isRunning: () => child !== null && child.exitCode === null && child.signalCode === null,
    start,
    kill,
    pause: () => child?.kill("SIGSTOP"),
    resume: () => child?.kill("SIGCONT"),
    stop: async () => {
      child?.kill("SIGCONT");
      await kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sends PING over a raw socket until the server answers PONG. */
async function waitForPong(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output()}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port} within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let reply = "";
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on("error", () => finish(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}
