import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export type Child = {
  process: ChildProcess;
  pid: number;
  /** What the process printed so far (stdout and stderr go to one log file). */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Spawns a process with its output in a log file, not a pipe: the server writes as it would in production, and
 * the benchmark does not spend its own CPU reading logs.
 */
export function spawnLogged(command: string, args: string[], options: { env: Record<string, string | undefined>; logFile: string; cwd?: string }): Child {
  const fd = openSync(options.logFile, "w");
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const output = () => {
    try {
      return readFileSync(options.logFile, "utf8");
    } catch {
      return "";
    }
  };
  return { process: child, pid: child.pid, output, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after `graceMs` (a CPU profile is written on a clean exit). */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Waits for a line `listening <port>` in the log of one of the benchmark's own servers. */
export async function waitForListening(child: Child, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /^listening (\d+)$/m.exec(child.output());
    if (match) return Number(match[1]);
    if (child.process.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`server did not start:\n${child.output()}`);
}

/** Starts one of the benchmark's own servers (bench/servers/*.ts) under plain Node with type stripping. */
export async function startBenchServer(script: string, env: Record<string, string>, logFile: string): Promise<{ child: Child; port: number }> {
  const child = spawnLogged(process.execPath, [path.join(ROOT, "bench/servers", script)], { env, logFile });
  return { child, port: await waitForListening(child) };
}
