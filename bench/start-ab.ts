/**
 * `npm run bench:start -- [--compare=<dir>] [--dir=<dir>] [--rounds=N] [--a-env=NAME=value] [--b-env=NAME=value] [--cpu-prof=<dir>]`: process start → first completed chat of
 * two production builds, interleaved (a, b, a, b, ...) on one PostgreSQL and one AI server, so that a busy machine
 * weighs on both alike. Each round spawns `next start` as production runs it (bench/lib/production-runtime.ts),
 * waits for the first chat of a new guest, then stops it. Prints each side's starts and their median.
 * With --cpu-prof, every start also writes a V8 CPU profile (from spawn to stop) into that directory.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startPostgres } from "../tests/support/postgres";
import { freePort } from "../tests/support/free-port";
import { migratePostgres } from "@/lib/db/migrate";
import { createAgent } from "./lib/chat-client";
import { ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { timeFirstChat } from "./lib/server-bench";
import { median } from "./lib/stats";
import { readCpuMs } from "./lib/process-stats";
import { benchAppEnv } from "./lib/app-env";
import { PRODUCTION_NODE_FLAGS } from "./lib/production-runtime";

const args = new Map(process.argv.slice(2).map((arg) => [arg.replace(/^--/, "").split("=")[0]!, arg.split("=").slice(1).join("=")]));
const compareWith = args.get("compare");
const rounds = Number(args.get("rounds") ?? 5);
const cpuProfDir = args.get("cpu-prof") || null;
/** `--a-env=NAME=value`, `--b-env=NAME=value` (repeatable): extra environment for one side, to try a runtime setting. */
const sideEnv = (side: "a" | "b") =>
  Object.fromEntries(
    process.argv
      .slice(2)
      .filter((arg) => arg.startsWith(`--${side}-env=`))
      .map((arg) => {
        const [name, ...value] = arg.slice(`--${side}-env=`.length).split("=");
        return [name!, value.join("=")];
      }),
  );
const extraEnv = { a: sideEnv("a"), b: sideEnv("b") };
const log = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function main(): Promise<void> {
  const sides = [...(compareWith ? [["a", path.resolve(compareWith)] as const] : []), ["b", path.resolve(args.get("dir") || ROOT)] as const];
  const logDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-start-"));
  const cluster = await startPostgres();
  const ai = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "10" }, path.join(logDir, "ai.log"));
  const times = new Map<string, number[]>(sides.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(sides.map(([name]) => [name, []]));
  try {
    const urls = new Map<string, string>();
    for (const [name] of sides) {
      const url = await cluster.createDatabase(`chatbot_start_${name}`);
      await migratePostgres({ url });
      urls.set(name, url);
    }
    for (let round = 0; round < rounds; round++) {
      for (const [name, dir] of round % 2 === 0 ? sides : [...sides].reverse()) {
        const port = await freePort();
        const env = { ...benchAppEnv({ databaseUrl: urls.get(name)!, aiPort: ai.port }), ...extraEnv[name] };
        const flags = [...PRODUCTION_NODE_FLAGS, ...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${name}-${round}.cpuprofile`] : [])];
        const spawnedAt = performance.now();
        const child = spawnLogged(process.execPath, [...flags, path.join(dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
          env,
          logFile: path.join(logDir, `${name}-${round}.log`),
          cwd: dir,
        });
        try {
          const agent = createAgent();
          const ms = await timeFirstChat({ baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, sinceSpawnMs: () => performance.now() - spawnedAt }, agent);
          const cpuMs = readCpuMs(child.pid);
          agent.destroy();
          times.get(name)!.push(ms);
          cpu.get(name)!.push(cpuMs);
          log(`${name} round ${round + 1}: ${ms.toFixed(0)} ms, server CPU ${cpuMs.toFixed(0)} ms (load ${os.loadavg()[0]!.toFixed(1)})`);
        } finally {
          await child.stop();
        }
      }
    }
  } finally {
    await ai.child.stop();
    await cluster.stop();
  }
  for (const [name, dir] of sides) {
    const values = times.get(name)!;
    const cpuValues = cpu.get(name)!;
    log(`${name} (${dir}): start → first chat median ${median(values).toFixed(0)} ms (all ${values.map((value) => value.toFixed(0)).join(" ")}); server CPU by then median ${median(cpuValues).toFixed(0)} ms (all ${cpuValues.map((value) => value.toFixed(0)).join(" ")})`);
  }
  if (compareWith) log(`b / a: start → first chat ${(median(times.get("b")!) / median(times.get("a")!)).toFixed(2)}, server CPU ${(median(cpu.get("b")!) / median(cpu.get("a")!)).toFixed(2)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
