/**
 * Where the app's memory goes after loads, measured without heap snapshots (a snapshot leaves ~170 MiB in the
 * process's malloc heap). Runs ours as the bench does (production build, PostgreSQL 15, the bench AI server,
 * production's runtime settings), then the bench's load shape by count rather than by time, so that two settings
 * see the same chats on a busy machine: warm-up, then `--repeats` × (150 chats at 10 lanes + 500 at 50 lanes), 4 s
 * idle after each. After each idle: RSS, the V8 heap as `process.memoryUsage()` reads it (no forced GC) and the
 * largest mappings of /proc/<pid>/smaps; then RSS every 3 s for `--idle-s`, and a forced GC. Usage:
 *
 *   bash scripts/node22.sh npx tsx --conditions=react-server bench/memory-probe.ts \
 *     [--flags="--node-flag ..."] [--env=NAME=value] [--repeats=3] [--idle-s=0] [--between-s=0] [--malloc-stats] [--app-dir=<build>]
 *
 * `--between-s` idles that much longer between loads (after the 4 s read), for an operator's idle minutes rather than
 * the bench's seconds: by ~40 s V8's own memory reducer has collected, and the next load pays what follows it.
 * `--flags` come after production's (a later V8 flag wins: `--flags=--heap-growing-percent=0` is V8's default).
 * `--malloc-stats` asks glibc, through gdb, what its arenas hold and what `malloc_trim(0)` gives back (printed
 * into the app's log, whose directory is printed at the end). Findings: bench/HOTSPOTS.md, "Memory".
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { migratePostgres } from "@/lib/db/migrate";
import { freePort } from "../tests/support/free-port";
import { startPostgres } from "../tests/support/postgres";
import { createAgent, createGuestSession } from "./lib/chat-client";
import { connectInspector } from "./lib/inspector";
import { runLoad } from "./lib/load";
import { readCpuMs, readRssBytes } from "./lib/process-stats";
import { ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { benchAppEnv } from "./lib/app-env";
import { PRODUCTION_NODE_FLAGS, productionServerCommand } from "./lib/production-runtime";
import { LONG, SHORT, timeFirstChat } from "./lib/server-bench";

type Options = { flags: string[]; env: Record<string, string>; repeats: number; idleS: number; betweenS: number; mallocStats: boolean; appDir: string };

function parseOptions(argv: string[]): Options {
  const options: Options = { flags: [], env: {}, repeats: 3, idleS: 0, betweenS: 0, mallocStats: false, appDir: ROOT };
  for (const arg of argv) {
    if (arg.startsWith("--flags=")) options.flags = arg.slice(8).split(/\s+/).filter(Boolean);
    else if (arg.startsWith("--env=") && arg.includes("=", 6)) {
      const [name, ...value] = arg.slice(6).split("=");
      options.env[name!] = value.join("=");
    } else if (arg.startsWith("--repeats=")) options.repeats = Number(arg.slice(10));
    else if (arg.startsWith("--idle-s=")) options.idleS = Number(arg.slice(9));
    else if (arg.startsWith("--between-s=")) options.betweenS = Number(arg.slice(12));
    else if (arg === "--malloc-stats") options.mallocStats = true;
    else if (arg.startsWith("--app-dir=")) options.appDir = path.resolve(arg.slice(10));
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(0);
const log = (line: string) => process.stdout.write(`[memory] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The five largest mappings by RSS (anonymous ones together), in MiB. */
function largestMappings(pid: number): string {
  const rssByName = new Map<string, number>();
  let name = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      name = mapping[1]!.trim() || "[anon]";
      name = name.split("/").at(-1)!;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) rssByName.set(name, (rssByName.get(name) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...rssByName].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([mapping, bytes]) => `${mapping} ${mib(bytes)}`).join(", ");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const logDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-memory-"));
  log(`logs in ${logDir}`);
  const cluster = await startPostgres();
  const ai = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "10" }, path.join(logDir, "ai.log"));
  const databaseUrl = await cluster.createDatabase("chatbot_memory");
  await migratePostgres({ url: databaseUrl });
  const port = await freePort();
  const inspectPort = await freePort();
  const env = { ...benchAppEnv({ databaseUrl, aiPort: ai.port }), ...options.env };
  const logFile = path.join(logDir, "app.log");
  const spawnedAt = performance.now();
  const child = spawnLogged(
    process.execPath,
    [...PRODUCTION_NODE_FLAGS, ...options.flags, `--inspect=127.0.0.1:${inspectPort}`, ...productionServerCommand(options.appDir), "-p", String(port), "-H", "127.0.0.1"],
    { env, logFile, cwd: options.appDir },
  );
  const { pid } = child;
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const agent = createAgent();
    await timeFirstChat({ baseUrl, pid, sinceSpawnMs: () => performance.now() - spawnedAt }, agent);
    const sessions: string[] = [];
    for (let index = 0; index < 64; index++) sessions.push(await createGuestSession(agent, baseUrl));
    const target = { agent, baseUrl, pid, sessions };
    const inspector = await connectInspector(inspectPort);
    const heap = async () => {
      const usage = await inspector.memoryUsage();
      return `V8 heap ${mib(usage.heapUsed)} used of ${mib(usage.heapTotal)}, external ${mib(usage.external)}`;
    };

    await runLoad(target, SHORT, { lanes: 1, count: 30 });
    await runLoad(target, SHORT, { lanes: 10, durationMs: 2_000 });
    await runLoad(target, LONG, { lanes: 10, count: 10 });
    await sleep(4_000);
    log(`after warm-up: RSS ${mib(readRssBytes(pid))} MiB; ${await heap()}; ${largestMappings(pid)}`);
    const idle: number[] = [];
    // All the server's CPU from here to the end of the idle times, what it did while idle included (a collection
    // run once the server goes idle is outside every load's own figure).
    const cpuBefore = readCpuMs(pid);
    let loadChats = 0;
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, readRssBytes(pid))), 200);
      const at10 = await runLoad(target, SHORT, { lanes: 10, count: 150 });
      const at50 = await runLoad(target, SHORT, { lanes: 50, count: 500 });
      clearInterval(sampler);
      await sleep(4_000);
      idle.push(readRssBytes(pid));
      const chats = at10.chats.length + at50.chats.length;
      loadChats += chats;
      const failures = [...at10.chats, ...at50.chats].filter((chat) => !chat.ok);
      const failed = failures.length ? `${failures.length} failed, the first: ${failures[0]!.failure ?? "?"}` : "0 failed";
      log(
        `load ${repeat + 1}: ${chats} chats (${failed}), ${(at50.chats.length / (at50.elapsedMs / 1000)).toFixed(0)}/s at 50 lanes, CPU ${((at10.cpuMs + at50.cpuMs) / chats).toFixed(1)} ms per chat; peak ${mib(peak)} MiB, idle RSS ${mib(idle.at(-1)!)} MiB; ${await heap()}; ${largestMappings(pid)}`,
      );
      if (options.betweenS > 0 && repeat < options.repeats - 1) {
        await sleep(options.betweenS * 1000);
        log(`after ${options.betweenS + 4} s idle: RSS ${mib(readRssBytes(pid))} MiB; ${await heap()}`);
      }
    }
    log(`growth over the loads, idle to idle: ${mib(idle.at(-1)! - idle[0]!)} MiB; CPU per chat over the loads and their idle times: ${((readCpuMs(pid) - cpuBefore) / loadChats).toFixed(1)} ms`);
    agent.destroy();
    const later: string[] = [];
    for (let seconds = 3; seconds <= options.idleS; seconds += 3) {
      await sleep(3_000);
      later.push(`${seconds + 4} s ${mib(readRssBytes(pid))}`);
    }
    if (later.length) log(`idle RSS (MiB) after the last load: ${later.join(", ")}; ${await heap()}`);
    await inspector.collectGarbage();
    await sleep(1_000);
    log(`after a forced GC: RSS ${mib(readRssBytes(pid))} MiB; ${await heap()}; ${largestMappings(pid)}`);
    inspector.close();
    if (options.mallocStats) {
      const before = readRssBytes(pid);
      execFileSync("gdb", ["-p", String(pid), "-batch", "-ex", "call (void)malloc_stats()", "-ex", "call (int)malloc_trim(0)"], { stdio: "ignore" });
      log(`malloc_trim(0): RSS ${mib(before)} → ${mib(readRssBytes(pid))} MiB; malloc_stats() is in ${logFile}`);
    }
  } finally {
    await child.stop();
    await ai.child.stop();
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[memory] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
