import type http from "node:http";
import { performance } from "node:perf_hooks";
import { type ChatTiming, sendNewChat } from "./chat-client";
import { readCpuMs } from "./process-stats";

/** Where chats go: a server, its sessions (used in turn) and what each answer should contain. */
export type Target = {
  agent: http.Agent;
  baseUrl: string;
  /** The server process whose CPU is counted. */
  pid: number;
  sessions: readonly string[];
};

export type Answer = { model: string; deltas: number };

export type LoadResult = {
  chats: ChatTiming[];
  elapsedMs: number;
  /** Server CPU (utime + stime) over the run, milliseconds. */
  cpuMs: number;
};

let nextSession = 0;
const takeSession = (target: Target) => target.sessions[nextSession++ % target.sessions.length]!;

/**
 * `lanes` clients each sending new chats one after another, until `count` chats are done in all or `durationMs` has
 * passed (whichever is given), with the server's CPU read before and after.
 */
export async function runLoad(
  target: Target,
  answer: Answer,
  options: { lanes: number; count?: number; durationMs?: number },
): Promise<LoadResult> {
  const chats: ChatTiming[] = [];
  let started = 0;
  const cpuBefore = readCpuMs(target.pid);
  const startedAt = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : startedAt + options.durationMs;
  const limit = options.count ?? Infinity;
  const lane = async () => {
    while (started < limit && performance.now() < deadline) {
      started++;
      chats.push(
        await sendNewChat({ agent: target.agent, baseUrl: target.baseUrl, cookie: takeSession(target), model: answer.model, expectedDeltas: answer.deltas }),
      );
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, lane));
  const elapsedMs = performance.now() - startedAt;
  return { chats, elapsedMs, cpuMs: readCpuMs(target.pid) - cpuBefore };
}

export function failuresOf(result: LoadResult): string[] {
  return result.chats.filter((chat) => !chat.ok).map((chat) => chat.failure ?? "failed");
}

export function firstTokens(result: LoadResult): number[] {
  return result.chats.filter((chat) => chat.ok && chat.firstTokenMs !== null).map((chat) => chat.firstTokenMs!);
}

export function chatsPerSecond(result: LoadResult): number {
  return result.chats.filter((chat) => chat.ok).length / (result.elapsedMs / 1000);
}
