import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "./free-port";

const ROOT = path.resolve(__dirname, "../..");
const BOOT_TIMEOUT_MS = 60_000;

export type AppServer = {
  url: string;
  port: number;
  pid: number;
  /** Everything the server printed, for assertions on logs and for debugging a failed test. */
  output: () => string;
  stop: () => Promise<void>;
  /** Sends a real signal (SIGKILL: a crash mid-answer) and waits until the process has exited. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** Resolves when the process exits, with its exit code (null when a signal ended it) and that signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts the production build as `npm start` does (scripts/server.cjs) on a free port with the given environment,
 * and waits until /api/health answers. Requires `next build` to have run (npm test does it first).
 */
export async function startAppServer(
  env: Record<string, string | undefined> = {},
  options: { port?: number } = {},
): Promise<AppServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npx next build` first (npm test does).");
  }
  const { child, port, output } = await spawnServer({
    AUTH_SECRET: "test-secret-for-the-test-suite-only",
    PLAYWRIGHT: "1",
    DEMO_STREAM_DELAY_MS: "0",
    LOG_LEVEL: "warn",
    // Test files make many requests from 127.0.0.1; the limits have tests of their own that set them low.
    API_REQUESTS_PER_MINUTE: "1000000",
    GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
    GUEST_CREATIONS_PER_HOUR: "1000000",
    ...env,
  }, options.port);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await waitUntilAnswering(child, url, output);
  return { url, port, pid: child.pid!, output, stop: () => stopChild(child), kill: (signal) => killChild(child, signal), exited };
}

async function waitUntilAnswering(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not answer within ${BOOT_TIMEOUT_MS} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function killChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

/** Starts a server process that must fail to boot, and returns its exit code and output. */
export async function runAppServerExpectingExit(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const { child, output } = await spawnServer(env);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, 30_000);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output: output() };
}

/**
 * The production server (scripts/server.cjs, as `npm start` and the Docker image run it) on a free port (or `port`),
 * with only the given environment (plus PATH and HOME).
 */
async function spawnServer(
  env: Record<string, string | undefined>,
  fixedPort?: number,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/server.cjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, port, output: () => output };
}
