import type http from "node:http";
import { performance } from "node:perf_hooks";
import { benchApiRequests } from "./api-requests";
import { createAgent, createGuestSession } from "./chat-client";
import { type Answer, firstTokens, runLoad, type Target } from "./load";
import { readRssBytes } from "./process-stats";
import { LONG, SHORT, type ServerUnderTest } from "./server-bench";
import { formatNumber, median } from "./stats";

/** One of the two builds compared: its server, a name for the table, and how long it took to its first chat. */
export type CompareSide = { name: string; server: ServerUnderTest; startToFirstChatMs: number };

type SideFigures = {
  startToFirstChatMs: number;
  cpuPerChatMs: number[];
  firstTokenMs: number[];
  cpuPerLongChatMs: number[];
  cpuPerApiRequestMs: number[];
  chatsPerSecond10: number[];
  rssAfterMiB: number;
};

const MIB = 1024 * 1024;

/**
 * An interleaved A/B of two builds on one machine: the same rounds alternate between them, so that whatever else
 * the machine is doing weighs on both alike. Sequential new chats (CPU per chat, first token), 300-delta chats (CPU
 * per chat), authenticated GETs and 10 concurrent streams; prints each figure's median per side and their ratio.
 */
export async function compareServers(input: {
  a: CompareSide;
  b: CompareSide;
  rounds: number;
  progress: (line: string) => void;
}): Promise<string> {
  const sides = [input.a, input.b];
  const agent: http.Agent = createAgent();
  const targets: Target[] = [];
  const figures: SideFigures[] = [];
  for (const side of sides) {
    const { startToFirstChatMs } = side;
    const sessions: string[] = [];
    for (let index = 0; index < 16; index++) sessions.push(await createGuestSession(agent, side.server.baseUrl));
    const target = { agent, baseUrl: side.server.baseUrl, pid: side.server.pid, sessions };
    targets.push(target);
    figures.push({ startToFirstChatMs, cpuPerChatMs: [], firstTokenMs: [], cpuPerLongChatMs: [], cpuPerApiRequestMs: [], chatsPerSecond10: [], rssAfterMiB: 0 });
    // Warm-up: JIT, pools, prepared statements, route code.
    await runLoad(target, SHORT, { lanes: 1, count: 40 });
    await runLoad(target, SHORT, { lanes: 10, count: 100 });
    await runLoad(target, LONG, { lanes: 5, count: 5 });
  }
  input.progress("both warmed up");

  const perChat = (result: Awaited<ReturnType<typeof runLoad>>) => result.cpuMs / Math.max(1, result.chats.filter((chat) => chat.ok).length);
  const failures: string[] = [];
  const run = async (target: Target, answer: Answer, options: Parameters<typeof runLoad>[2]) => {
    const result = await runLoad(target, answer, options);
    failures.push(...result.chats.filter((chat) => !chat.ok).map((chat) => chat.failure ?? "failed"));
    return result;
  };
  for (let round = 0; round < input.rounds; round++) {
    // Alternate which side goes first, so neither always follows the other's garbage collection.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) {
      const target = targets[index]!;
      const sequential = await run(target, SHORT, { lanes: 1, count: 20 });
      figures[index]!.cpuPerChatMs.push(perChat(sequential));
      figures[index]!.firstTokenMs.push(...firstTokens(sequential));
    }
    for (const index of order) {
      const long = await run(targets[index]!, LONG, { lanes: 5, count: 5 });
      figures[index]!.cpuPerLongChatMs.push(perChat(long));
    }
    for (const index of order) {
      const target = targets[index]!;
      const api = await benchApiRequests({ agent, baseUrl: target.baseUrl, pid: target.pid, cookie: target.sessions[0]!, path: "/api/models", rounds: 1, perRound: 100 });
      figures[index]!.cpuPerApiRequestMs.push(api.cpuPerRequestMs[0]!);
    }
    for (const index of order) {
      const started = performance.now();
      const concurrent = await run(targets[index]!, SHORT, { lanes: 10, count: 60 });
      figures[index]!.chatsPerSecond10.push(concurrent.chats.filter((chat) => chat.ok).length / ((performance.now() - started) / 1000));
    }
    input.progress(
      `round ${round + 1}/${input.rounds}: CPU per chat ${figures.map((side) => formatNumber(side.cpuPerChatMs.at(-1)!)).join(" vs ")} ms`,
    );
  }
  agent.destroy();
  sides.forEach((side, index) => (figures[index]!.rssAfterMiB = readRssBytes(side.server.pid) / MIB));

  const [a, b] = figures as [SideFigures, SideFigures];
  const rows: [string, number, number][] = [
    ["process start → first completed chat (ms)", a.startToFirstChatMs, b.startToFirstChatMs],
    ["server CPU per 7-delta chat, sequential (ms)", median(a.cpuPerChatMs), median(b.cpuPerChatMs)],
    ["first token p50, sequential (ms)", median(a.firstTokenMs), median(b.firstTokenMs)],
    ["server CPU per 300-delta chat (ms)", median(a.cpuPerLongChatMs), median(b.cpuPerLongChatMs)],
    [
      "server CPU per additional delta (ms)",
      (median(a.cpuPerLongChatMs) - median(a.cpuPerChatMs)) / (LONG.deltas - SHORT.deltas),
      (median(b.cpuPerLongChatMs) - median(b.cpuPerChatMs)) / (LONG.deltas - SHORT.deltas),
    ],
    ["server CPU per GET /api/models (ms)", median(a.cpuPerApiRequestMs), median(b.cpuPerApiRequestMs)],
    ["chats/s, 10 concurrent streams", median(a.chatsPerSecond10), median(b.chatsPerSecond10)],
    ["RSS at the end (MiB)", a.rssAfterMiB, b.rssAfterMiB],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    `${"figure (median of the rounds)".padEnd(width)}  ${input.a.name.padStart(10)}  ${input.b.name.padStart(10)}  b / a`,
    ...rows.map(([name, valueA, valueB]) => `${name.padEnd(width)}  ${formatNumber(valueA).padStart(10)}  ${formatNumber(valueB).padStart(10)}  ${(valueB / valueA).toFixed(2)}`),
    "",
    `per-round CPU per chat, a: ${a.cpuPerChatMs.map(formatNumber).join(" ")}`,
    `per-round CPU per chat, b: ${b.cpuPerChatMs.map(formatNumber).join(" ")}`,
  ];
  if (failures.length) lines.push(`${failures.length} chats failed; the first: ${failures[0]}`);
  return lines.join("\n");
}
