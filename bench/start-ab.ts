/**
 * `npm run bench:start -- [--compare=<dir>] [--dir=<dir>] [--rounds=N] [--a-env=NAME=value] [--b-env=NAME=value] [--cpu-prof=<dir>]`: process start → first completed chat of
 * two production builds, interleaved (a, b, a, b, ...) on one PostgreSQL and one AI server, so that a busy machine
 * weighs on both alike. Each round spawns the server as production runs it (bench/lib/production-runtime.ts),
 * waits for the first chat of a new guest, then stops it. Prints each side's starts and their median.
 * With --cpu-prof, every start also writes a V8 CPU profile (from spawn to stop) into that directory.
 * With --split, each start is also timed in three phases (ready to serve, the first guest sign-in, the first chat),
 * wall time and the server's CPU in each: a change to one request shows in its phase, without the others' noise.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startPostgres } from "../tests/support/postgres";
import { freePort } from "../tests/support/free-port";
import { migratePostgres } from "@/lib/db/migrate";
import http from "node:http";
import { createAgent, createGuestSession, sendNewChat } from "./lib/chat-client";
import { ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { SHORT, timeFirstChat } from "./lib/server-bench";
import { median } from "./lib/stats";
import { readCpuMs } from "./lib/process-stats";
import { benchAppEnv } from "./lib/app-env";
import { PRODUCTION_NODE_FLAGS, productionServerCommand } from "./lib/production-runtime";

const args = new Map(process.argv.slice(2).map((arg) => [arg.replace(/^--/, "").split("=")[0]!, arg.split("=").slice(1).join("=")]));
const compareWith = args.get("compare");
const rounds = Number(args.get("rounds") ?? 5);
const cpuProfDir = args.get("cpu-prof") || null;
const split = args.has("split");
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
  const phases = new Map<string, Phases[]>(sides.map(([name]) => [name, []]));
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
        const child = spawnLogged(process.execPath, [...flags, ...productionServerCommand(dir), "-p", String(port), "-H", "127.0.0.1"], {
          env,
          logFile: path.join(logDir, `${name}-${round}.log`),
          cwd: dir,
        });
        try {
          const agent = createAgent();
          const server = { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, sinceSpawnMs: () => performance.now() - spawnedAt };
          const phased = split ? await timePhases(server, agent) : null;
          const ms = phased ? phased.chat.atMs : await timeFirstChat(server, agent);
          const cpuMs = readCpuMs(child.pid);
          agent.destroy();
          times.get(name)!.push(ms);
          cpu.get(name)!.push(cpuMs);
          if (phased) phases.get(name)!.push(phased);
          const detail = phased ? `; ${PHASES.map((phase) => `${phase} ${phased[phase].ms.toFixed(0)} ms / CPU ${phased[phase].cpuMs.toFixed(0)} ms`).join(", ")}` : "";
          log(`${name} round ${round + 1}: ${ms.toFixed(0)} ms, server CPU ${cpuMs.toFixed(0)} ms (load ${os.loadavg()[0]!.toFixed(1)})${detail}`);
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
  if (split) reportPhases(sides.map(([name]) => name), phases);
}

const PHASES = ["ready", "guest", "chat"] as const;
type Phase = { ms: number; cpuMs: number; atMs: number };
type Phases = Record<(typeof PHASES)[number], Phase>;

/**
 * Ready: spawn until a static file's 404 answers (Next.js has prepared, the instrumentation has run, no route or
 * proxy loaded yet). Guest: the first GET /api/auth/guest. Chat: the first POST /api/chat of that guest.
 * CPU is read from /proc in clock ticks (10 ms): read the medians and means of many rounds, not one.
 */
async function timePhases(server: { baseUrl: string; pid: number; sinceSpawnMs: () => number }, agent: http.Agent): Promise<Phases> {
  const deadline = performance.now() + 60_000;
  while (!(await answers(`${server.baseUrl}/_next/static/start-ab-ready.js`, agent))) {
    if (performance.now() > deadline) throw new Error("the server never answered");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  let last = { atMs: 0, cpuMs: 0 };
  const mark = (): Phase => {
    const now = { atMs: server.sinceSpawnMs(), cpuMs: readCpuMs(server.pid) };
    const phase = { ms: now.atMs - last.atMs, cpuMs: now.cpuMs - last.cpuMs, atMs: now.atMs };
    last = now;
    return phase;
  };
  const ready = mark();
  const cookie = await createGuestSession(agent, server.baseUrl);
  const guest = mark();
  const chat = await sendNewChat({ agent, baseUrl: server.baseUrl, cookie, model: SHORT.model, expectedDeltas: SHORT.deltas });
  if (!chat.ok) throw new Error(`the first chat failed: ${chat.failure ?? "unknown"}`);
  return { ready, guest, chat: mark() };
}

async function answers(url: string, agent: http.Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(true));
    });
    request.on("error", () => resolve(false));
  });
}

function reportPhases(names: string[], phases: Map<string, Phases[]>): void {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  for (const phase of PHASES) {
    const line = names.map((name) => {
      const rounds = phases.get(name)!.map((each) => each[phase]);
      return `${name} ${median(rounds.map((each) => each.ms)).toFixed(0)} ms, CPU median ${median(rounds.map((each) => each.cpuMs)).toFixed(0)} / mean ${mean(rounds.map((each) => each.cpuMs)).toFixed(1)} ms`;
    });
    let paired = "";
    if (names.length === 2) {
      const [a, b] = names.map((name) => phases.get(name)!.map((each) => each[phase].cpuMs));
      const differences = a!.map((value, index) => b![index]! - value);
      paired = `; CPU b − a per round: median ${median(differences).toFixed(0)}, mean ${mean(differences).toFixed(1)} ms`;
    }
    log(`${phase}: ${line.join(" | ")}${paired}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
