/**
 * `npm run bench`: the chat pipeline's figures beside three floors (bare node:http, a minimal Next.js app, and that
 * app answering through the AI SDK), printed and written to bench/RESULTS.md. See bench/README.md for what it measures and its options.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startPostgres, type PostgresCluster } from "../tests/support/postgres";
import { freePort } from "../tests/support/free-port";
import { migratePostgres } from "@/lib/db/migrate";
import { benchChatPage, type ChatPageResult } from "./lib/chat-page";
import { benchLayers, type LayerFigures } from "./lib/layers";
import { createAgent, createGuestSession } from "./lib/chat-client";
import { describeCommit, describeMachine } from "./lib/machine";
import { measureChatPageJs, type PageWeight } from "./lib/page-weight";
import { type Child, ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { type BenchReport, formatLayers, formatMarkdown, formatTable } from "./lib/report";
import { compareServers } from "./lib/compare";
import { benchServer, FULL_PLAN, LONG, type RestartedServer, SHORT, type BenchPlan, type ServerFigures, timeFirstChat, timeRestarts } from "./lib/server-bench";
import { type ApiFigures, benchApiRequests } from "./lib/api-requests";
import { ensureAiSdkFloor, ensureNextFloor } from "./lib/next-floor";
import { connectInspector } from "./lib/inspector";
import { runLoad } from "./lib/load";
import { readRssBytes } from "./lib/process-stats";
import { benchAppEnv } from "./lib/app-env";
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS, productionServerCommand } from "./lib/production-runtime";

type Part = "floor" | "nextfloor" | "aisdkfloor" | "app" | "layers" | "store" | "weight";
const ALL_PARTS: Part[] = ["floor", "nextfloor", "aisdkfloor", "app", "layers", "store", "weight"];

type ProfileKind = "short" | "long" | "api";

type Options = {
  parts: Set<Part>;
  quick: boolean;
  build: boolean;
  /** Profile the app instead of benchmarking: chats of 7 deltas, of 300, or small authenticated API requests. */
  profile: ProfileKind | null;
  write: boolean;
  /** The app to measure: this checkout, or another one with its own production build (a before/after comparison). */
  appDir: string;
  /** Extra Node.js flags for the app's process (`--app-node-flags="--flag --other"`), to try runtime settings. */
  appNodeFlags: string[];
  /** Extra environment for the app (`--app-env=NAME=value`, repeatable). */
  appEnv: Record<string, string>;
  /** Another checkout whose build is measured against the app, interleaved (`--compare=DIR`): an A/B, printed only. */
  compareWith: string | null;
  /** Rounds of the interleaved comparison (`--rounds=N`). */
  rounds: number;
  /** Node.js flags (`--b-node-flags="..."`) and environment (`--b-env=NAME=value`) for the comparison's side b only. */
  bNodeFlags: string[];
  bEnv: Record<string, string>;
  /** Run the app without production's runtime settings (bench/lib/production-runtime.ts): `--no-production-runtime`. */
  productionRuntime: boolean;
  /** Lanes of the profiled short load (`--profile-lanes=50`: the 50-lane load of the table); 10 unless told. */
  profileLanes: number;
  /** Profile the AI SDK floor instead of ours (`--profile-floor`), to set its profile beside ours'. */
  profileFloor: boolean;
  /** Also sample allocations over a second load of the same shape (`--profile-alloc`): alloc.heapprofile. */
  profileAlloc: boolean;
};

function parseOptions(argv: string[]): Options {
  const options: Options = { parts: new Set(ALL_PARTS), quick: false, build: false, profile: null, write: true, appDir: ROOT, appNodeFlags: [], appEnv: {}, compareWith: null, rounds: 6, bNodeFlags: [], bEnv: {}, productionRuntime: true, profileLanes: 10, profileFloor: false, profileAlloc: false };
  for (const arg of argv) {
    if (arg === "--quick") options.quick = true;
    else if (arg === "--build") options.build = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg.startsWith("--only=")) {
      const parts = arg.slice(7).split(",").filter(Boolean);
      const unknown = parts.filter((part) => !(ALL_PARTS as string[]).includes(part));
      if (unknown.length) throw new Error(`unknown part ${unknown.join(", ")} in --only (one or more of: ${ALL_PARTS.join(", ")})`);
      options.parts = new Set(parts as Part[]);
    }
    else if (arg.startsWith("--app-dir=")) options.appDir = path.resolve(arg.slice(10));
    else if (arg.startsWith("--compare=")) options.compareWith = path.resolve(arg.slice(10));
    else if (arg.startsWith("--rounds=")) options.rounds = Number(arg.slice(9));
    else if (arg.startsWith("--app-node-flags=")) options.appNodeFlags = arg.slice(17).split(/\s+/).filter(Boolean);
    else if (arg === "--no-production-runtime") options.productionRuntime = false;
    else if (arg.startsWith("--b-node-flags=")) options.bNodeFlags = arg.slice(15).split(/\s+/).filter(Boolean);
    else if (arg.startsWith("--b-env=") && arg.includes("=", 8)) {
      const [name, ...value] = arg.slice(8).split("=");
      options.bEnv[name!] = value.join("=");
    }
    else if (arg.startsWith("--app-env=") && arg.includes("=", 10)) {
      const [name, ...value] = arg.slice(10).split("=");
      options.appEnv[name!] = value.join("=");
    }
    else if (arg === "--profile") options.profile = "short";
    else if (arg.startsWith("--profile-lanes=")) options.profileLanes = Number(arg.slice(16));
    else if (arg === "--profile-floor") options.profileFloor = true;
    else if (arg === "--profile-alloc") options.profileAlloc = true;
    else if (["--profile=short", "--profile=long", "--profile=api"].includes(arg)) options.profile = arg.slice(10) as ProfileKind;
    else throw new Error(`unknown option ${arg} (see bench/README.md)`);
  }
  // A partial or quick run must not pass for the full record.
  if (options.quick || options.parts.size < ALL_PARTS.length || options.profile || options.compareWith || options.appDir !== ROOT || options.appNodeFlags.length || !options.productionRuntime || Object.keys(options.appEnv).length) options.write = false;
  return options;
}

const QUICK_PLAN: BenchPlan = { ...FULL_PLAN, restarts: 2, sequentialRounds: 2, sequentialChatsPerRound: 20, longRounds: 1, longChatsPerRound: 10, loadMs: 3_000, loadRepeats: 2, idleMs: 3_000, apiRequestsPerRound: 100 };

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function ensureBuild(appDir: string, force: boolean): void {
  if (!force && existsSync(path.join(appDir, ".next", "BUILD_ID"))) return;
  log("no production build: running next build (once)");
  execFileSync(process.execPath, [path.join(appDir, "node_modules/next/dist/bin/next"), "build"], {
    cwd: appDir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/** As `npm start` and the Docker image run it (--app-env overrides, --no-production-runtime leaves it out). */
function appEnv(databaseUrl: string, aiPort: number): Record<string, string> {
  return benchAppEnv({ databaseUrl, aiPort, productionRuntime });
}

/** As production starts a build, or plain `next start` with `--no-production-runtime`. */
function serverCommand(dir: string): string[] {
  return productionRuntime ? productionServerCommand(dir) : [path.join(dir, "node_modules/next/dist/bin/next"), "start"];
}

let appDir = ROOT;
let appNodeFlags: string[] = [];
let productionRuntime = true;

async function startApp(
  env: Record<string, string>,
  logDir: string,
  nodeFlags: string[] = [],
  dir = appDir,
): Promise<{ child: Child; baseUrl: string; spawnedAt: number }> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawnLogged(
    process.execPath,
    [...(productionRuntime ? PRODUCTION_NODE_FLAGS : []), ...appNodeFlags, ...nodeFlags, ...serverCommand(dir), "-p", String(port), "-H", "127.0.0.1"],
    { env, logFile: path.join(logDir, `app-${path.basename(dir)}-${port}.log`), cwd: dir },
  );
  return { child, baseUrl: `http://127.0.0.1:${port}`, spawnedAt };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const plan = options.quick ? QUICK_PLAN : FULL_PLAN;
  appDir = options.appDir;
  appNodeFlags = options.appNodeFlags;
  productionRuntime = options.productionRuntime;
  const began = performance.now();
  const machine = describeMachine();
  const commit = describeCommit();
  log(`${commit}; ${machine.cores} cores, ${machine.cpuModel}, load ${machine.loadAverage}`);
  const logDir = mkdtempSync(path.join(os.tmpdir(), "chatbot-bench-"));
  const children: Child[] = [];
  let cluster: PostgresCluster | null = null;
  const stopAll = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await cluster?.stop();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

  let floor: ServerFigures | null = null;
  let nextFloor: ServerFigures | null = null;
  let nextFloorBareApi: ApiFigures | null = null;
  let aiSdkFloor: ServerFigures | null = null;
  let app: ServerFigures | null = null;
  let pageWeight: PageWeight | null = null;
  let chatPage: ChatPageResult | null = null;
  let layers: LayerFigures[] | null = null;
  const notes: string[] = [];
  try {
    if (options.compareWith) {
      ensureBuild(options.compareWith, false);
      ensureBuild(options.appDir, options.build);
      log("starting PostgreSQL 15");
      cluster = await startPostgres();
      const ai = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "10" }, path.join(logDir, "ai.log"));
      children.push(ai.child);
      const sides = [];
      for (const [name, dir] of [["a", options.compareWith], ["b", options.appDir]] as const) {
        const databaseUrl = await cluster.createDatabase(`chatbot_compare_${name}`);
        await migratePostgres({ url: databaseUrl });
        log(`${name}: production server in ${dir}`);
        const sideEnv = name === "b" ? options.bEnv : {};
        const sideFlags = name === "b" ? options.bNodeFlags : [];
        const started = await startApp({ ...appEnv(databaseUrl, ai.port), ...options.appEnv, ...sideEnv }, logDir, sideFlags, dir);
        children.push(started.child);
        const server = { baseUrl: started.baseUrl, pid: started.child.pid, sinceSpawnMs: () => performance.now() - started.spawnedAt };
        // Each starts alone, so its start-up time is its own; then both stay up for the interleaved rounds.
        sides.push({ name, server, startToFirstChatMs: await timeFirstChat(server, createAgent()) });
      }
      const table = await compareServers({ a: sides[0]!, b: sides[1]!, rounds: options.rounds, progress: log });
      const bExtras = [...options.bNodeFlags, ...Object.entries(options.bEnv).map(([name, value]) => `${name}=${value}`)];
      process.stdout.write(`\na = ${options.compareWith}\nb = ${options.appDir}${bExtras.length ? ` with ${bExtras.join(" ")}` : ""}\n${table}\n`);
      return;
    }
    const needsApp = options.parts.has("app") || options.parts.has("weight") || options.profile !== null;
    if (needsApp) ensureBuild(options.appDir, options.build);
    if (options.appDir !== ROOT) notes.push(`The app measured is the build in ${options.appDir}, not this checkout.`);
    if (options.appNodeFlags.length) notes.push(`The app ran with Node.js flags: ${options.appNodeFlags.join(" ")}.`);
    if (options.productionRuntime) {
      const settings = [...PRODUCTION_NODE_FLAGS, ...Object.entries(PRODUCTION_ENV).map(([name, value]) => `${name}=${value}`)];
      notes.push(`Ours ran with production's runtime settings, as \`npm start\` and the Docker image (bench/lib/production-runtime.ts): ${settings.join(" ")}.`);
    }
    const deltaEnv = { BENCH_DELTA_INTERVAL_MS: "10" };

    if (options.parts.has("floor") && !options.profile) {
      log("floor: bare node:http server");
      const start = async (): Promise<RestartedServer> => {
        const spawnedAt = performance.now();
        const started = await startBenchServer("floor-server.ts", { ...deltaEnv, BENCH_DELTAS: "7" }, path.join(logDir, "floor.log"));
        children.push(started.child);
        const server = { baseUrl: `http://127.0.0.1:${started.port}`, pid: started.child.pid, sinceSpawnMs: () => performance.now() - spawnedAt };
        return { server, stop: () => started.child.stop() };
      };
      const started = await start();
      floor = await benchServer(started.server, plan, (line) => log(`floor: ${line}`));
      await started.stop();
      floor.restartToFirstChatMs = await timeRestarts(start, plan.restarts, (line) => log(`floor: ${line}`));
    }

    if (options.parts.has("nextfloor") && !options.profile) {
      const dir = ensureNextFloor(log);
      log("Next.js floor: the smallest Next.js app answering the same");
      const start = async (): Promise<RestartedServer> => {
        const port = await freePort();
        const spawnedAt = performance.now();
        const child = spawnLogged(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
          env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
          logFile: path.join(logDir, `next-floor-${port}.log`),
          cwd: dir,
        });
        children.push(child);
        const server = { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, sinceSpawnMs: () => performance.now() - spawnedAt };
        return { server, stop: () => child.stop() };
      };
      const { server, stop } = await start();
      nextFloor = await benchServer(server, plan, (line) => log(`Next.js floor: ${line}`));
      const agent = createAgent();
      nextFloorBareApi = await benchApiRequests({ agent, baseUrl: server.baseUrl, pid: server.pid, cookie: "", path: "/api/bare/models", rounds: 3, perRound: plan.apiRequestsPerRound });
      agent.destroy();
      log(`Next.js floor: GET /api/bare/models (no proxy): CPU per request ${nextFloorBareApi.cpuPerRequestMs.map((value) => value.toFixed(2)).join(" / ")} ms`);
      await stop();
      nextFloor.restartToFirstChatMs = await timeRestarts(start, plan.restarts, (line) => log(`Next.js floor: ${line}`));
    }

    if (options.parts.has("aisdkfloor") && !options.profile) {
      const dir = ensureAiSdkFloor(log);
      log("AI SDK floor: the same Next.js app answering through @ai-sdk/openai-compatible and streamText");
      const ai = await startBenchServer("ai-server.ts", deltaEnv, path.join(logDir, "ai-sdk-floor-ai.log"));
      children.push(ai.child);
      const start = async (): Promise<RestartedServer> => {
        const port = await freePort();
        const spawnedAt = performance.now();
        // Ours' runtime settings too, so that the difference between the two is our code alone.
        const child = spawnLogged(process.execPath, [...(productionRuntime ? PRODUCTION_NODE_FLAGS : []), ...serverCommand(dir), "-p", String(port), "-H", "127.0.0.1"], {
          env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BENCH_AI_BASE_URL: `http://127.0.0.1:${ai.port}/v1`, ...(productionRuntime ? PRODUCTION_ENV : {}) },
          logFile: path.join(logDir, `ai-sdk-floor-${port}.log`),
          cwd: dir,
        });
        children.push(child);
        const server = { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, sinceSpawnMs: () => performance.now() - spawnedAt };
        return { server, stop: () => child.stop() };
      };
      const { server, stop } = await start();
      aiSdkFloor = await benchServer(server, plan, (line) => log(`AI SDK floor: ${line}`));
      await stop();
      aiSdkFloor.restartToFirstChatMs = await timeRestarts(start, plan.restarts, (line) => log(`AI SDK floor: ${line}`));
      await ai.child.stop();
      if (options.productionRuntime) notes.push("The AI SDK floor ran with the same runtime settings as ours; the floor and the Next.js floor with Node.js's defaults.");
    }

    if (needsApp || options.parts.has("store")) {
      log("starting PostgreSQL 15");
      cluster = await startPostgres();
    }

    if (needsApp && cluster) {
      const ai = await startBenchServer("ai-server.ts", deltaEnv, path.join(logDir, "ai.log"));
      children.push(ai.child);
      const databaseUrl = await cluster.createDatabase("chatbot_bench");
      await migratePostgres({ url: databaseUrl });
      const env = { ...appEnv(databaseUrl, ai.port), ...options.appEnv };
      if (Object.keys(options.appEnv).length) notes.push(`The app ran with extra environment: ${JSON.stringify(options.appEnv)}.`);
      if (options.profile && options.profileFloor) {
        const dir = ensureAiSdkFloor(log);
        const floorEnv = { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BENCH_AI_BASE_URL: `http://127.0.0.1:${ai.port}/v1`, ...(productionRuntime ? PRODUCTION_ENV : {}) };
        await profileApp(floorEnv, logDir, options.profile, children, { lanes: options.profileLanes, dir, name: "aisdkfloor-", alloc: options.profileAlloc });
      } else if (options.profile) {
        await profileApp(env, logDir, options.profile, children, { lanes: options.profileLanes, dir: appDir, name: "", alloc: options.profileAlloc });
      } else {
        log("ours: production server (scripts/server.cjs)");
        const started = await startApp(env, logDir);
        children.push(started.child);
        const server = { baseUrl: started.baseUrl, pid: started.child.pid, sinceSpawnMs: () => performance.now() - started.spawnedAt };
        if (options.parts.has("app")) {
          app = await benchServer(server, plan, (line) => log(`ours: ${line}`));
        } else {
          await timeFirstChat(server, createAgent());
        }
        if (options.parts.has("weight")) {
          const agent = createAgent();
          pageWeight = await measureChatPageJs(started.baseUrl, await createGuestSession(agent, started.baseUrl));
          agent.destroy();
          if (pageWeight.notGzipped.length) notes.push(`Scripts sent without gzip: ${pageWeight.notGzipped.join(", ")}.`);
          log(`chat page first-load JS: ${(pageWeight.gzipBytes / 1024).toFixed(1)} KiB gzip in ${pageWeight.files} files`);
        }
        const errors = started.child.output().split("\n").filter((line) => /"level":"(error|warn)"/.test(line));
        if (errors.length) notes.push(`The app logged ${errors.length} warnings/errors; the first: \`${errors[0]!.slice(0, 300)}\``);
        await started.child.stop();
        if (app) {
          app.restartToFirstChatMs = await timeRestarts(
            async () => {
              const restarted = await startApp(env, logDir);
              children.push(restarted.child);
              const sinceSpawnMs = () => performance.now() - restarted.spawnedAt;
              return { server: { baseUrl: restarted.baseUrl, pid: restarted.child.pid, sinceSpawnMs }, stop: () => restarted.child.stop() };
            },
            plan.restarts,
            (line) => log(`ours: ${line}`),
          );
        }
      }
      await ai.child.stop();
    }

    if (options.parts.has("layers") && !options.profile) {
      log("layers of the answer path, in this process");
      // 1 ms apart: each delta reaches the client in a read of its own, as tokens do (coalesced reads cost far less).
      const ai = await startBenchServer("ai-server.ts", { BENCH_DELTA_INTERVAL_MS: "1" }, path.join(logDir, "ai-layers.log"));
      children.push(ai.child);
      layers = await benchLayers({ aiBaseUrl: `http://127.0.0.1:${ai.port}/v1`, shortChats: 30, longChats: 3, rounds: 3 });
      await ai.child.stop();
    }

    if (options.parts.has("store") && cluster && !options.profile) {
      log("page of 50 chats of a user with 10,000");
      chatPage = await benchChatPage({
        databaseUrl: await cluster.createDatabase("chatbot_page_bench"),
        chatsOfUser: 10_000,
        chatsOfOthers: 10_000,
        samples: options.quick ? 200 : 1_000,
      });
    }
  } catch (error) {
    process.stderr.write(`[bench] the servers' logs are kept in ${logDir}\n`);
    throw error;
  } finally {
    await stopAll();
  }
  if (options.profile) {
    rmSync(logDir, { recursive: true, force: true });
    return;
  }

  const report: BenchReport = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    commit,
    date: new Date().toISOString(),
    machine,
    loadAfter: os.loadavg().map((value) => value.toFixed(2)).join(" "),
    durationS: (performance.now() - began) / 1000,
    floor,
    nextFloor,
    nextFloorBareApi,
    aiSdkFloor,
    app,
    pageWeight,
    chatPage,
    layers,
    notes,
  };
  process.stdout.write(`\n${formatTable(report)}\n\n`);
  if (layers) process.stdout.write(`${formatLayers(layers)}\n\n`);
  const failed = [floor, nextFloor, aiSdkFloor, app].reduce((sum, figures) => sum + [...(figures?.failures.values() ?? [])].reduce((a, b) => a + b, 0), 0);
  if (failed) process.stdout.write(`${failed} chats failed; see the Failures section of the report.\n`);
  if (options.write) {
    writeFileSync(path.join(ROOT, "bench/RESULTS.md"), formatMarkdown(report));
    log("wrote bench/RESULTS.md");
  } else {
    if (chatPage) process.stdout.write(`PostgreSQL's plan for the first page:\n${chatPage.postgres.plan}\n`);
    process.stdout.write(formatMarkdown(report).split("## Failures")[1] ?? "");
  }
  rmSync(logDir, { recursive: true, force: true });
}

/**
 * Runs the app with the V8 inspector open and profiles the measured phase only: a CPU profile of chats with the
 * given answer, and heap snapshots (each after a forced GC) after warm-up, after the load and after a second load,
 * with RSS before and after each GC. Files land in bench/profiles/<run>/ (git-ignored); read them with
 * `npm run bench:report -- bench/profiles/<run>`.
 */
async function profileApp(
  env: Record<string, string>,
  logDir: string,
  kind: ProfileKind,
  children: Child[],
  which: { lanes: number; dir: string; name: string; alloc: boolean },
): Promise<void> {
  const lanesTag = which.lanes === 10 ? "" : `${which.lanes}lanes-`;
  const dir = path.join(ROOT, "bench/profiles", `${which.name}${lanesTag}${kind}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  const inspectPort = await freePort();
  const started = await startApp(env, logDir, [`--inspect=127.0.0.1:${inspectPort}`], which.dir);
  children.push(started.child);
  const pid = started.child.pid;
  const server = { baseUrl: started.baseUrl, pid, sinceSpawnMs: () => performance.now() - started.spawnedAt };
  const agent = createAgent();
  await timeFirstChat(server, agent);
  const sessions = await Promise.all(Array.from({ length: 32 }, () => createGuestSession(agent, started.baseUrl)));
  const target = { agent, baseUrl: started.baseUrl, pid, sessions };
  const answer = kind === "long" ? LONG : SHORT;
  const load = async (): Promise<{ count: number; cpuMs: number }> => {
    if (kind === "api") {
      const api = await benchApiRequests({ agent, baseUrl: started.baseUrl, pid, cookie: sessions[0]!, path: "/api/models", rounds: 1, perRound: 3_000 });
      return { count: 3_000, cpuMs: api.cpuPerRequestMs[0]! * 3_000 };
    }
    const result = await runLoad(target, answer, kind === "long" ? { lanes: 10, count: 30 } : { lanes: which.lanes, durationMs: 15_000 });
    return { count: result.chats.length, cpuMs: result.cpuMs };
  };
  await runLoad(target, SHORT, { lanes: 10, count: 300 });
  if (kind === "long") await runLoad(target, LONG, { lanes: 10, count: 10 });

  const inspector = await connectInspector(inspectPort);
  const mib = () => `${(readRssBytes(pid) / 1024 / 1024).toFixed(0)} MiB`;
  const snapshot = async (name: string) => {
    const before = mib();
    await inspector.collectGarbage();
    const usage = await inspector.memoryUsage();
    const inMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)}`;
    log(
      `${name}: RSS ${before}, after GC ${mib()} (V8 heap ${inMiB(usage.heapUsed)} used of ${inMiB(usage.heapTotal)}, external ${inMiB(usage.external)}, array buffers ${inMiB(usage.arrayBuffers)}); writing a heap snapshot`,
    );
    writeFileSync(path.join(dir, `${name}.smaps.txt`), readFileSync(`/proc/${pid}/smaps`, "utf8"));
    await inspector.writeHeapSnapshot(path.join(dir, `${name}.heapsnapshot`));
  };
  await snapshot("1-after-warm-up");
  await inspector.startProfiling();
  const result = await load();
  writeFileSync(path.join(dir, `${kind}.cpuprofile`), await inspector.stopProfiling());
  const cpuPerChatMs = result.cpuMs / result.count;
  writeFileSync(path.join(dir, "meta.json"), JSON.stringify({ chats: result.count, kind, cpuPerChatMs }));
  log(`profiled ${result.count} ${kind === "api" ? "requests" : `chats of ${answer.deltas} deltas`}: ${cpuPerChatMs.toFixed(2)} ms CPU each (profiler on)`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await snapshot("2-after-load-idle");
  if (which.alloc) await inspector.startAllocationSampling();
  const second = await load();
  if (which.alloc) {
    writeFileSync(path.join(dir, "alloc.heapprofile"), await inspector.stopAllocationSampling());
    writeFileSync(path.join(dir, "alloc-meta.json"), JSON.stringify({ chats: second.count }));
    log(`sampled the allocations of ${second.count} more chats`);
  }
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await snapshot("3-after-second-load-idle");
  inspector.close();
  agent.destroy();
  await started.child.stop();
  log(`profile written to ${path.relative(ROOT, dir)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
