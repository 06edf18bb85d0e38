/**
 * `npm run bench:alternate -- --compare=<dir>`: an A/B of two production builds that alternates chat by chat (and,
 * under load, burst by burst), so that whatever else the shared machine does weighs on both sides alike. Rounds of
 * 20 chats (bench/lib/compare.ts) cannot resolve a 10% latency change here; hundreds of alternating chats can.
 * a = the build in --compare, b = this checkout (or --dir). See bench/README.md.
 */
import os from "node:os";
import path from "node:path";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { migratePostgres } from "@/lib/db/migrate";
import { startPostgres, type PostgresCluster } from "../tests/support/postgres";
import { freePort } from "../tests/support/free-port";
import { benchAppEnv } from "./lib/app-env";
import { createAgent, createGuestSession } from "./lib/chat-client";
import { firstTokens, runLoad, type LoadResult, type Target } from "./lib/load";
import { ensureAiSdkFloor } from "./lib/next-floor";
import { readCpuMs } from "./lib/process-stats";
import { type Child, ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS, productionServerCommand } from "./lib/production-runtime";
import { SHORT, timeFirstChat } from "./lib/server-bench";
import { formatNumber, median, percentile } from "./lib/stats";

type Options = {
  compareWith: string;
  dir: string;
  /** Sequential chats per side, alternating a, b, b, a, ... (`--chats=N`; 0 skips). */
  chats: number;
  /** Bursts per side under load, alternating (`--bursts=N`; 0 skips), each `--burst-chats` chats at `--lanes`. */
  bursts: number;
  burstChats: number;
  lanes: number;
  /** Also the AI SDK floor (bench/lib/next-floor.ts) as a third side, c (`--floor`). */
  floor: boolean;
  bEnv: Record<string, string>;
  bNodeFlags: string[];
  /** Environment for both apps (`--env=NAME=value`), e.g. DB_QUERY_TIMEOUT_MS on a machine too busy for its 1 s. */
  env: Record<string, string>;
};

function parseOptions(argv: string[]): Options {
  const options: Options = { compareWith: "", dir: ROOT, chats: 400, bursts: 16, burstChats: 150, lanes: 50, floor: false, bEnv: {}, bNodeFlags: [], env: {} };
  for (const arg of argv) {
    const [name, ...rest] = arg.split("=");
    const value = rest.join("=");
    if (name === "--compare") options.compareWith = path.resolve(value);
    else if (name === "--dir") options.dir = path.resolve(value);
    else if (name === "--chats") options.chats = Number(value);
    else if (name === "--bursts") options.bursts = Number(value);
    else if (name === "--burst-chats") options.burstChats = Number(value);
    else if (name === "--lanes") options.lanes = Number(value);
    else if (arg === "--floor") options.floor = true;
    else if (name === "--b-node-flags") options.bNodeFlags = value.split(/\s+/).filter(Boolean);
    else if ((name === "--b-env" || name === "--env") && value.includes("=")) {
      const [envName, ...envValue] = value.split("=");
      (name === "--env" ? options.env : options.bEnv)[envName!] = envValue.join("=");
    } else throw new Error(`unknown option ${arg} (see bench/README.md)`);
  }
  if (!options.compareWith) throw new Error("--compare=<dir of the build to compare with> is required");
  return options;
}

const log = (line: string) => process.stdout.write(`[alternate] ${line}\n`);

/** A side: its app, and the PostgreSQL and AI server of its own whose CPU per chat is reported beside the app's. */
type Side = { name: string; target: Target; helpers: { name: string; pid: number }[] };

/** The postmaster serving `url` (its backends are its children, counted by readCpuMs), found by the port it was given. */
function postmasterOf(url: string): number {
  const port = new URL(url).port;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (path.basename(args[0] ?? "") === "postgres" && args.includes(`-p`) && args[args.indexOf("-p") + 1] === port) return Number(entry);
      if (path.basename(args[0] ?? "") === "postgres" && args.some((arg) => arg === `-p ${port}`)) return Number(entry);
    } catch {
      // Gone while we looked.
    }
  }
  throw new Error(`no postmaster found for port ${port}`);
}

type SideFigures = {
  /** CPU per chat of the side's PostgreSQL and AI server, by name, over both phases. */
  helperCpuMs: Map<string, number>;
  helperChats: number;
  firstTokenMs: number[];
  sequentialCpuMs: number;
  sequentialChats: number;
  burstChatsPerSecond: number[];
  burstP95Ms: number[];
  burstP50Ms: number[];
  burstCpuPerChatMs: number[];
  burstFirstTokenMs: number[];
  failures: string[];
};

const okChats = (result: LoadResult) => result.chats.filter((chat) => chat.ok).length;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}`);
  const logDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-alternate-"));
  const children: Child[] = [];
  const clusters: PostgresCluster[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  const agent = createAgent();
  try {
    const sides: Side[] = [];
    const start = async (name: string, dir: string, env: Record<string, string>, nodeFlags: readonly string[], helpers: Side["helpers"]) => {
      const port = await freePort();
      const spawnedAt = performance.now();
      const child = spawnLogged(process.execPath, [...nodeFlags, ...productionServerCommand(dir), "-p", String(port), "-H", "127.0.0.1"], {
        env,
        logFile: path.join(logDir, `${name}.log`),
        cwd: dir,
      });
      children.push(child);
      const baseUrl = `http://127.0.0.1:${port}`;
      const startMs = await timeFirstChat({ baseUrl, pid: child.pid, sinceSpawnMs: () => performance.now() - spawnedAt }, agent);
      const sessions: string[] = [];
      for (let index = 0; index < 32; index++) sessions.push(await createGuestSession(agent, baseUrl));
      log(`${name}: ${dir} (first chat ${formatNumber(startMs)} ms after spawn)`);
      sides.push({ name, target: { agent, baseUrl, pid: child.pid, sessions }, helpers });
    };
    for (const [name, dir] of [["a", options.compareWith], ["b", options.dir]] as const) {
      const cluster = await startPostgres();
      clusters.push(cluster);
      const databaseUrl = await cluster.createDatabase(`chatbot_alternate_${name}`);
      await migratePostgres({ url: databaseUrl });
      const ai = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "10" }, path.join(logDir, `ai-${name}.log`));
      children.push(ai.child);
      const extraEnv = name === "b" ? options.bEnv : {};
      const extraFlags = name === "b" ? options.bNodeFlags : [];
      const helpers = [{ name: "PostgreSQL", pid: postmasterOf(databaseUrl) }, { name: "AI server", pid: ai.child.pid }];
      await start(name, dir, { ...benchAppEnv({ databaseUrl, aiPort: ai.port }), ...options.env, ...extraEnv }, [...PRODUCTION_NODE_FLAGS, ...extraFlags], helpers);
    }
    if (options.floor) {
      const dir = ensureAiSdkFloor(log);
      const floorAi = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "10" }, path.join(logDir, "floor-ai.log"));
      children.push(floorAi.child);
      const env = { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BENCH_AI_BASE_URL: `http://127.0.0.1:${floorAi.port}/v1`, ...PRODUCTION_ENV };
      await start("c", dir, env, PRODUCTION_NODE_FLAGS, [{ name: "AI server", pid: floorAi.child.pid }]);
    }

    // Warm-up of every side: JIT, pools, prepared statements, route code, and a first taste of concurrency.
    for (const side of sides) {
      await runLoad(side.target, SHORT, { lanes: 1, count: 40 });
      await runLoad(side.target, SHORT, { lanes: 10, count: 200 });
      await runLoad(side.target, SHORT, { lanes: options.lanes, count: 200 });
    }
    log("warmed up");

    const figures: SideFigures[] = sides.map(() => ({
      helperCpuMs: new Map<string, number>(),
      helperChats: 0,
      firstTokenMs: [],
      sequentialCpuMs: 0,
      sequentialChats: 0,
      burstChatsPerSecond: [],
      burstP95Ms: [],
      burstP50Ms: [],
      burstCpuPerChatMs: [],
      burstFirstTokenMs: [],
      failures: [],
    }));
    // Each turn's order rotates (a b c, b c a, ...): no side always follows another's garbage collection.
    const orderOf = (turn: number) => sides.map((_, index) => (index + turn) % sides.length);
    const helpersBefore = sides.map((side) => side.helpers.map((helper) => readCpuMs(helper.pid)));

    if (options.chats > 0) {
      // Server CPU is read around the whole phase per process: the other sides idle meanwhile, and whatever a chat
      // leaves to do after its end (logging, GC) is still counted to its own server.
      const cpuBefore = sides.map((side) => readCpuMs(side.target.pid));
      for (let turn = 0; turn < options.chats; turn++) {
        for (const index of orderOf(turn)) {
          const result = await runLoad(sides[index]!.target, SHORT, { lanes: 1, count: 1 });
          figures[index]!.firstTokenMs.push(...firstTokens(result));
          figures[index]!.sequentialChats += okChats(result);
          figures[index]!.failures.push(...result.chats.filter((chat) => !chat.ok).map((chat) => chat.failure ?? "failed"));
        }
        if ((turn + 1) % 100 === 0) log(`sequential: ${turn + 1}/${options.chats} chats per side`);
      }
      sides.forEach((side, index) => (figures[index]!.sequentialCpuMs = readCpuMs(side.target.pid) - cpuBefore[index]!));
    }

    for (let burst = 0; burst < options.bursts; burst++) {
      for (const index of orderOf(burst)) {
        const started = performance.now();
        const result = await runLoad(sides[index]!.target, SHORT, { lanes: options.lanes, count: options.burstChats });
        const seconds = (performance.now() - started) / 1000;
        const tokens = firstTokens(result);
        const side = figures[index]!;
        side.burstChatsPerSecond.push(okChats(result) / seconds);
        side.burstP95Ms.push(percentile(tokens, 95));
        side.burstP50Ms.push(percentile(tokens, 50));
        side.burstCpuPerChatMs.push(result.cpuMs / Math.max(1, okChats(result)));
        side.burstFirstTokenMs.push(...tokens);
        side.failures.push(...result.chats.filter((chat) => !chat.ok).map((chat) => chat.failure ?? "failed"));
      }
      log(`burst ${burst + 1}/${options.bursts}: chats/s ${figures.map((side) => formatNumber(side.burstChatsPerSecond.at(-1)!)).join(" vs ")}`);
    }

    sides.forEach((side, index) => {
      const figure = figures[index]!;
      figure.helperChats = figure.sequentialChats + figure.burstChatsPerSecond.length * options.burstChats - figure.failures.length;
      side.helpers.forEach((helper, at) => figure.helperCpuMs.set(helper.name, readCpuMs(helper.pid) - helpersBefore[index]![at]!));
    });
    process.stdout.write(`\n${formatComparison(sides, figures, options)}\n`);
  } finally {
    agent.destroy();
    await stopAll();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** b beats a in how many of the paired bursts (same turn): a direction the medians alone may hide. */
function pairedWins(a: number[], b: number[], higherIsBetter: boolean): string {
  let wins = 0;
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (higherIsBetter ? b[index]! > a[index]! : b[index]! < a[index]!) wins++;
  return `${wins}/${Math.min(a.length, b.length)}`;
}

function formatComparison(sides: Side[], figures: SideFigures[], options: Options): string {
  type Row = { name: string; values: number[]; higherIsBetter: boolean; perBurst?: number[][] };
  const rows: Row[] = [];
  if (options.chats > 0) {
    rows.push(
      { name: `first token p25, ${options.chats} sequential chats (ms)`, values: figures.map((side) => percentile(side.firstTokenMs, 25)), higherIsBetter: false },
      { name: "first token p50, sequential (ms)", values: figures.map((side) => percentile(side.firstTokenMs, 50)), higherIsBetter: false },
      { name: "first token p75, sequential (ms)", values: figures.map((side) => percentile(side.firstTokenMs, 75)), higherIsBetter: false },
      { name: "server CPU per chat, sequential (ms)", values: figures.map((side) => side.sequentialCpuMs / Math.max(1, side.sequentialChats)), higherIsBetter: false },
    );
  }
  if (options.bursts > 0) {
    const lanes = `${options.lanes} lanes`;
    rows.push(
      { name: `chats/s at ${lanes}, median of ${options.bursts} bursts`, values: figures.map((side) => median(side.burstChatsPerSecond)), higherIsBetter: true, perBurst: figures.map((side) => side.burstChatsPerSecond) },
      { name: `server CPU per chat at ${lanes}, median (ms)`, values: figures.map((side) => median(side.burstCpuPerChatMs)), higherIsBetter: false, perBurst: figures.map((side) => side.burstCpuPerChatMs) },
      { name: `first token p50 at ${lanes}, median of bursts (ms)`, values: figures.map((side) => median(side.burstP50Ms)), higherIsBetter: false, perBurst: figures.map((side) => side.burstP50Ms) },
      { name: `first token p95 at ${lanes}, median of bursts (ms)`, values: figures.map((side) => median(side.burstP95Ms)), higherIsBetter: false, perBurst: figures.map((side) => side.burstP95Ms) },
      { name: `first token p95 at ${lanes}, all bursts pooled (ms)`, values: figures.map((side) => percentile(side.burstFirstTokenMs, 95)), higherIsBetter: false },
    );
  }
  for (const helper of ["PostgreSQL", "AI server"]) {
    const values = figures.map((side) => (side.helperCpuMs.get(helper) ?? Number.NaN) / Math.max(1, side.helperChats));
    rows.push({ name: `${helper} CPU per chat, both phases (ms)`, values, higherIsBetter: false });
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  const header = [`${"figure".padEnd(width)}`, ...sides.map((side) => side.name.padStart(9)), "  b / a", "b wins"];
  if (sides.length > 2) header.splice(header.length - 1, 0, "  b / c");
  const lines = [header.join("  ")];
  for (const row of rows) {
    const [a, b, c] = row.values as [number, number, number | undefined];
    const cells = [row.name.padEnd(width), ...row.values.map((value) => formatNumber(value).padStart(9)), (b / a).toFixed(3).padStart(7)];
    if (c !== undefined) cells.push((b / c).toFixed(3).padStart(7));
    cells.push(row.perBurst ? pairedWins(row.perBurst[0]!, row.perBurst[1]!, row.higherIsBetter) : "");
    lines.push(cells.join("  "));
  }
  lines.push("", `a = ${options.compareWith}`, `b = ${options.dir}${options.bNodeFlags.length || Object.keys(options.bEnv).length ? ` with ${[...options.bNodeFlags, ...Object.entries(options.bEnv).map(([name, value]) => `${name}=${value}`)].join(" ")}` : ""}`);
  if (sides.length > 2) lines.push("c = the AI SDK floor");
  lines.push(`load average at the end ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}`);
  sides.forEach((side, index) => {
    const failures = figures[index]!.failures;
    if (!failures.length) return;
    // By kind (a 503's code, a reset connection...), so that shed load and broken connections are told apart.
    const kinds = new Map<string, number>();
    for (const failure of failures) {
      const kind = /"code":"([a-z_]+)"/.exec(failure)?.[1] ?? failure.replace(/\d+/g, "N").slice(0, 60);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const byKind = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(", ");
    lines.push(`${side.name}: ${failures.length} chats failed (${byKind}); the first: ${failures[0]}`);
  });
  return lines.join("\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`[alternate] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
