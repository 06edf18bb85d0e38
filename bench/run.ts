/**
 * `npm run bench`: the chat pipeline's figures beside a bare node:http floor, printed and written to
 * bench/RESULTS.md. See bench/README.md for what it measures and its options.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startPostgres, type PostgresCluster } from "../tests/support/postgres";
import { freePort } from "../tests/support/free-port";
import { migratePostgres } from "@/lib/db/migrate";
import { benchChatPage, type ChatPageResult } from "./lib/chat-page";
import { createAgent, createGuestSession } from "./lib/chat-client";
import { describeCommit, describeMachine } from "./lib/machine";
import { measureChatPageJs, type PageWeight } from "./lib/page-weight";
import { type Child, ROOT, spawnLogged, startBenchServer } from "./lib/processes";
import { type BenchReport, formatMarkdown, formatTable } from "./lib/report";
import { benchServer, FULL_PLAN, LONG, SHORT, type BenchPlan, type ServerFigures, timeFirstChat } from "./lib/server-bench";
import { runLoad } from "./lib/load";

type Part = "floor" | "app" | "store" | "weight";

type Options = {
  parts: Set<Part>;
  quick: boolean;
  build: boolean;
  /** Profile the app under one answer length instead of benchmarking: `short` (7 deltas) or `long` (300). */
  profile: "short" | "long" | null;
  write: boolean;
};

function parseOptions(argv: string[]): Options {
  const options: Options = { parts: new Set(["floor", "app", "store", "weight"]), quick: false, build: false, profile: null, write: true };
  for (const arg of argv) {
    if (arg === "--quick") options.quick = true;
    else if (arg === "--build") options.build = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg.startsWith("--only=")) options.parts = new Set(arg.slice(7).split(",") as Part[]);
    else if (arg === "--profile" || arg.startsWith("--profile=")) options.profile = arg.endsWith("=long") ? "long" : "short";
    else throw new Error(`unknown option ${arg} (see bench/README.md)`);
  }
  // A partial or quick run must not pass for the full record.
  if (options.quick || options.parts.size < 4 || options.profile) options.write = false;
  return options;
}

const QUICK_PLAN: BenchPlan = { ...FULL_PLAN, sequentialRounds: 2, sequentialChatsPerRound: 20, longRounds: 1, longChatsPerRound: 10, loadMs: 3_000, loadRepeats: 2, idleMs: 3_000 };

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function ensureBuild(force: boolean): void {
  if (!force && existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  log("no production build: running next build (once)");
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/** The app's environment: PostgreSQL, the custom provider on the bench AI server, limits out of the way. */
function appEnv(databaseUrl: string, aiPort: number): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "benchmark-secret-not-for-production",
    POSTGRES_URL: databaseUrl,
    CUSTOM_AI_BASE_URL: `http://127.0.0.1:${aiPort}/v1`,
    CUSTOM_AI_MODELS: "bench-7=Bench 7,bench-300=Bench 300",
    GUEST_MODELS: `${SHORT.model},${LONG.model}`,
    API_REQUESTS_PER_MINUTE: "1000000",
    GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
    GUEST_CREATIONS_PER_HOUR: "10000000",
    GUEST_MESSAGES_PER_DAY: "1000000",
    USER_MESSAGES_PER_DAY: "1000000",
    CHATBOT_DATA_DIR: path.join(os.tmpdir(), "chatbot-bench-data"),
  };
}

async function startApp(env: Record<string, string>, logDir: string, nodeFlags: string[] = []): Promise<{ child: Child; baseUrl: string; spawnedAt: number }> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawnLogged(
    process.execPath,
    [...nodeFlags, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { env, logFile: path.join(logDir, "app.log") },
  );
  return { child, baseUrl: `http://127.0.0.1:${port}`, spawnedAt };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const plan = options.quick ? QUICK_PLAN : FULL_PLAN;
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
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  let floor: ServerFigures | null = null;
  let app: ServerFigures | null = null;
  let pageWeight: PageWeight | null = null;
  let chatPage: ChatPageResult | null = null;
  const notes: string[] = [];
  try {
    const needsApp = options.parts.has("app") || options.parts.has("weight") || options.profile !== null;
    if (needsApp) ensureBuild(options.build);
    const deltaEnv = { BENCH_DELTA_INTERVAL_MS: "10" };

    if (options.parts.has("floor") && !options.profile) {
      log("floor: bare node:http server");
      const spawnedAt = performance.now();
      const started = await startBenchServer("floor-server.ts", { ...deltaEnv, BENCH_DELTAS: "7" }, path.join(logDir, "floor.log"));
      children.push(started.child);
      floor = await benchServer(
        { baseUrl: `http://127.0.0.1:${started.port}`, pid: started.child.pid, sinceSpawnMs: () => performance.now() - spawnedAt },
        plan,
        (line) => log(`floor: ${line}`),
      );
      await started.child.stop();
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
      const env = appEnv(databaseUrl, ai.port);
      if (options.profile) {
        await profileApp(env, logDir, options.profile, children);
      } else {
        log("ours: next start");
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
      }
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
  } finally {
    await stopAll();
  }
  if (options.profile) return;

  const report: BenchReport = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    commit,
    date: new Date().toISOString(),
    machine,
    loadAfter: os.loadavg().map((value) => value.toFixed(2)).join(" "),
    durationS: (performance.now() - began) / 1000,
    floor,
    app,
    pageWeight,
    chatPage,
    notes,
  };
  process.stdout.write(`\n${formatTable(report)}\n\n`);
  const failed = [floor, app].reduce((sum, figures) => sum + [...(figures?.failures.values() ?? [])].reduce((a, b) => a + b, 0), 0);
  if (failed) process.stdout.write(`${failed} chats failed; see the Failures section of the report.\n`);
  if (options.write) {
    writeFileSync(path.join(ROOT, "bench/RESULTS.md"), formatMarkdown(report));
    log("wrote bench/RESULTS.md");
  } else {
    process.stdout.write(formatMarkdown(report).split("## Failures")[1] ?? "");
  }
  rmSync(logDir, { recursive: true, force: true });
}

/**
 * Runs the app with --cpu-prof and a heap-snapshot signal: a snapshot after warm-up and one after the load and a
 * few seconds idle, then a clean stop, which writes the CPU profile. Files land in bench/profiles/ (git-ignored);
 * read them with `npm run bench:profile-report` or Chrome DevTools.
 */
async function profileApp(env: Record<string, string>, logDir: string, kind: "short" | "long", children: Child[]): Promise<void> {
  const dir = path.join(ROOT, "bench/profiles", `${kind}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  const started = await startApp(env, logDir, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`]);
  children.push(started.child);
  const server = { baseUrl: started.baseUrl, pid: started.child.pid, sinceSpawnMs: () => performance.now() - started.spawnedAt };
  const agent = createAgent();
  await timeFirstChat(server, agent);
  const sessions = await Promise.all(Array.from({ length: 32 }, () => createGuestSession(agent, started.baseUrl)));
  const target = { agent, baseUrl: started.baseUrl, pid: started.child.pid, sessions };
  const answer = kind === "long" ? LONG : SHORT;
  await runLoad(target, SHORT, { lanes: 10, count: 300 });
  const snapshot = async (label: string) => {
    const before = new Set(readdirSync(dir));
    started.child.process.kill("SIGUSR2");
    // The server writes the snapshot while paused; it is done when the new file stops growing.
    let size = -1;
    for (let tries = 0; tries < 600; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const added = readdirSync(dir).find((name) => !before.has(name) && name.endsWith(".heapsnapshot"));
      if (!added) continue;
      const now = statSync(path.join(dir, added)).size;
      if (now > 0 && now === size) {
        log(`heap snapshot (${label}): ${added}`);
        return;
      }
      size = now;
    }
  };
  await snapshot("after warm-up");
  const result = await runLoad(target, answer, kind === "long" ? { lanes: 10, count: 60 } : { lanes: 20, durationMs: 20_000 });
  log(`profiled ${result.chats.length} chats (${answer.deltas} deltas): ${(result.cpuMs / result.chats.length).toFixed(2)} ms CPU per chat`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await snapshot("after load, idle");
  agent.destroy();
  await started.child.stop();
  log(`profile written to ${path.relative(ROOT, dir)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
