import type http from "node:http";
import { performance } from "node:perf_hooks";
import { createAgent, createGuestSession, sendNewChat } from "./chat-client";
import { type Answer, chatsPerSecond, failuresOf, firstTokens, type LoadResult, runLoad, type Target } from "./load";
import { type ApiFigures, benchApiRequests } from "./api-requests";
import { readRssBytes } from "./process-stats";
import { median, percentile } from "./stats";

export const SHORT: Answer = { model: "custom/bench-7", deltas: 7 };
export const LONG: Answer = { model: "custom/bench-300", deltas: 300 };

export type BenchPlan = {
  sessions: number;
  /** Starts again, each timed to its first completed chat, after the server's run (the start-up figure's spread). */
  restarts: number;
  sequentialRounds: number;
  sequentialChatsPerRound: number;
  longRounds: number;
  longChatsPerRound: number;
  /** Lanes for the 7- vs 300-delta CPU comparison: 300 deltas 10 ms apart take 3 s, too long to run one at a time. */
  longLanes: number;
  loadMs: number;
  loadRepeats: number;
  idleMs: number;
  apiRequestsPerRound: number;
};

export const FULL_PLAN: BenchPlan = {
  sessions: 64,
  restarts: 9,
  sequentialRounds: 3,
  sequentialChatsPerRound: 30,
  longRounds: 2,
  longChatsPerRound: 10,
  longLanes: 10,
  loadMs: 5_000,
  loadRepeats: 3,
  idleMs: 4_000,
  apiRequestsPerRound: 300,
};

/** What one server measured. Arrays hold one value per repeat: the spread. */
export type ServerFigures = {
  /** The first start of the build (cold disk cache, empty compile cache for ours: a deploy's first start). */
  startToFirstChatMs: number;
  /** Each later start of the same build (`timeRestarts`, filled in by the caller once the server has stopped). */
  restartToFirstChatMs: number[];
  /** A small authenticated GET: what every request pays before a route's own work. */
  api: ApiFigures;
  cpuPerChatMs: number[];
  cpuPerLongChatMs: number[];
  /** CPU per 7-delta chat with the same lanes as the long ones, for the per-delta difference. */
  cpuPerShortChatSameLanesMs: number[];
  cpuPerExtraDeltaMs: number[];
  firstTokenP50SequentialMs: number;
  firstTokenSequentialMs: number[];
  chatsPerSecond10: number[];
  firstTokenP95At10Ms: number[];
  chatsPerSecond50: number[];
  firstTokenP95At50Ms: number[];
  firstTokenP50At50Ms: number[];
  rssIdleAfterLoadMiB: number[];
  rssPeakMiB: number;
  rssBeforeLoadMiB: number;
  chats: number;
  failures: Map<string, number>;
};

export type ServerUnderTest = {
  baseUrl: string;
  pid: number;
  /** Milliseconds since the process was spawned. */
  sinceSpawnMs: () => number;
};

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the server takes connections, then completes one chat as a first visitor would (guest, then chat). */
export async function timeFirstChat(server: ServerUnderTest, agent: http.Agent, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let lastError = "";
  while (performance.now() < deadline) {
    try {
      const cookie = await createGuestSession(agent, server.baseUrl);
      const chat = await sendNewChat({ agent, baseUrl: server.baseUrl, cookie, ...modelOf(SHORT) });
      if (chat.ok) return server.sinceSpawnMs();
      lastError = chat.failure ?? "failed";
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(10);
  }
  throw new Error(`no chat completed within ${timeoutMs} ms: ${lastError}`);
}

/** A server started for a restart: what timeFirstChat needs, and how to stop it again. */
export type RestartedServer = { server: ServerUnderTest; stop: () => Promise<void> };

/**
 * Starts a stopped server `count` times more, each time timed from its spawn to the first completed chat of a new
 * guest, and stopped again. One start is one sample on a machine whose speed moves by hundreds of milliseconds
 * between minutes: the restarts are the figure's spread (and what a restarted or scaled-out instance pays).
 */
export async function timeRestarts(start: () => Promise<RestartedServer>, count: number, progress: (line: string) => void): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = await start();
    const agent = createAgent();
    try {
      times.push(await timeFirstChat(started.server, agent));
    } finally {
      agent.destroy();
      await started.stop();
    }
  }
  progress(`restarts → first chat: ${times.map((ms) => ms.toFixed(0)).join(" / ")} ms`);
  return times;
}

const modelOf = (answer: Answer) => ({ model: answer.model, expectedDeltas: answer.deltas });

async function createSessions(agent: http.Agent, baseUrl: string, count: number): Promise<string[]> {
  const sessions: string[] = [];
  const lane = async () => {
    while (sessions.length < count) sessions.push(await createGuestSession(agent, baseUrl));
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return sessions.slice(0, count);
}

function countFailures(into: Map<string, number>, result: LoadResult): void {
  for (const failure of failuresOf(result)) {
    // Chat ids and the like vary; the start of the message names the kind of failure.
    const key = failure.slice(0, 120);
    into.set(key, (into.get(key) ?? 0) + 1);
  }
}

/** Samples RSS while `work` runs, for the peak. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = readRssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, readRssBytes(pid))), 200);
  try {
    return { value: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Every figure of one server, in an order that keeps them apart: sequential chats first (CPU per chat, first
 * token), then 7- vs 300-delta chats, then concurrent load, repeated, with idle time and an RSS reading after each.
 */
export async function benchServer(server: ServerUnderTest, plan: BenchPlan, progress: (line: string) => void, hooks: { afterWarmUp?: () => Promise<void> } = {}): Promise<ServerFigures> {
  const agent = createAgent();
  const startToFirstChatMs = await timeFirstChat(server, agent);
  progress(`first chat completed ${startToFirstChatMs.toFixed(0)} ms after spawn`);
  const target: Target = { agent, baseUrl: server.baseUrl, pid: server.pid, sessions: await createSessions(agent, server.baseUrl, plan.sessions) };
  const failures = new Map<string, number>();
  const run = async (answer: Answer, options: Parameters<typeof runLoad>[2]) => {
    const result = await runLoad(target, answer, options);
    countFailures(failures, result);
    return result;
  };
  let chats = 0;
  const tally = (result: LoadResult) => {
    chats += result.chats.length;
    return result;
  };

  // Warm-up: JIT, connection pools, prepared statements, lazily loaded route code.
  await run(SHORT, { lanes: 1, count: 30 });
  await run(SHORT, { lanes: 10, durationMs: 2_000 });
  await run(LONG, { lanes: plan.longLanes, count: plan.longLanes });
  await hooks.afterWarmUp?.();
  progress("warmed up");

  const cpuPerChatMs: number[] = [];
  const sequentialFirstTokens: number[] = [];
  for (let round = 0; round < plan.sequentialRounds; round++) {
    const result = tally(await run(SHORT, { lanes: 1, count: plan.sequentialChatsPerRound }));
    cpuPerChatMs.push(result.cpuMs / result.chats.length);
    sequentialFirstTokens.push(...firstTokens(result));
  }
  progress(`sequential: CPU per chat ${cpuPerChatMs.map((value) => value.toFixed(2)).join(" / ")} ms`);

  const api = await benchApiRequests({ agent, baseUrl: server.baseUrl, pid: server.pid, cookie: target.sessions[0]!, path: "/api/models", rounds: 3, perRound: plan.apiRequestsPerRound });
  if (api.failures) failures.set(`GET ${api.path} did not answer 200`, api.failures);
  progress(`GET ${api.path}: CPU per request ${api.cpuPerRequestMs.map((value) => value.toFixed(2)).join(" / ")} ms`);

  const cpuPerLongChatMs: number[] = [];
  const cpuPerShortChatSameLanesMs: number[] = [];
  const cpuPerExtraDeltaMs: number[] = [];
  for (let round = 0; round < plan.longRounds; round++) {
    const short = tally(await run(SHORT, { lanes: plan.longLanes, count: plan.longChatsPerRound * 5 }));
    const long = tally(await run(LONG, { lanes: plan.longLanes, count: plan.longChatsPerRound }));
    const perShort = short.cpuMs / short.chats.length;
    const perLong = long.cpuMs / long.chats.length;
    cpuPerShortChatSameLanesMs.push(perShort);
    cpuPerLongChatMs.push(perLong);
    cpuPerExtraDeltaMs.push((perLong - perShort) / (LONG.deltas - SHORT.deltas));
  }
  progress(`300 deltas: CPU per chat ${cpuPerLongChatMs.map((value) => value.toFixed(1)).join(" / ")} ms`);

  const rssBeforeLoadMiB = readRssBytes(server.pid) / MIB;
  const chatsPerSecond10: number[] = [];
  const firstTokenP95At10Ms: number[] = [];
  const chatsPerSecond50: number[] = [];
  const firstTokenP95At50Ms: number[] = [];
  const firstTokenP50At50Ms: number[] = [];
  const rssIdleAfterLoadMiB: number[] = [];
  let rssPeak = 0;
  for (let repeat = 0; repeat < plan.loadRepeats; repeat++) {
    const { value, peak } = await withPeakRss(server.pid, async () => {
      const at10 = tally(await run(SHORT, { lanes: 10, durationMs: plan.loadMs / 2 }));
      const at50 = tally(await run(SHORT, { lanes: 50, durationMs: plan.loadMs }));
      return { at10, at50 };
    });
    rssPeak = Math.max(rssPeak, peak);
    chatsPerSecond10.push(chatsPerSecond(value.at10));
    firstTokenP95At10Ms.push(percentile(firstTokens(value.at10), 95));
    chatsPerSecond50.push(chatsPerSecond(value.at50));
    firstTokenP95At50Ms.push(percentile(firstTokens(value.at50), 95));
    firstTokenP50At50Ms.push(percentile(firstTokens(value.at50), 50));
    await sleep(plan.idleMs);
    rssIdleAfterLoadMiB.push(readRssBytes(server.pid) / MIB);
    progress(
      `load ${repeat + 1}/${plan.loadRepeats}: ${chatsPerSecond10.at(-1)!.toFixed(0)} chats/s at 10, ${chatsPerSecond50.at(-1)!.toFixed(0)} at 50 (p95 first token ${firstTokenP95At50Ms.at(-1)!.toFixed(1)} ms); RSS idle ${rssIdleAfterLoadMiB.at(-1)!.toFixed(0)} MiB`,
    );
  }
  agent.destroy();

  return {
    startToFirstChatMs,
    restartToFirstChatMs: [],
    api,
    cpuPerChatMs,
    cpuPerLongChatMs,
    cpuPerShortChatSameLanesMs,
    cpuPerExtraDeltaMs,
    firstTokenP50SequentialMs: median(sequentialFirstTokens),
    firstTokenSequentialMs: sequentialFirstTokens,
    chatsPerSecond10,
    firstTokenP95At10Ms,
    chatsPerSecond50,
    firstTokenP95At50Ms,
    firstTokenP50At50Ms,
    rssIdleAfterLoadMiB,
    rssPeakMiB: rssPeak / MIB,
    rssBeforeLoadMiB,
    chats,
    failures,
  };
}
