import { subscribe } from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { getHeapStatistics, setFlagsFromString } from "node:v8";

import { getActiveAnswers } from "@/lib/chat/active-answers";
import { log } from "@/lib/log";

/**
 * Gives memory back when the server goes idle, never under load. While answers stream concurrently, a chat's
 * objects live through two scavenges and die in V8's old generation, which V8 collects only at its limit (up to 4×
 * what the last full GC kept): after a burst an idle process holds 200–300 MiB of garbage until V8's memory reducer
 * runs, ~40 s later (bench/HOTSPOTS.md, "Memory"). Collecting sooner during load costs CPU per chat; collecting
 * once the server has nothing to do costs a pause nobody waits for.
 *
 * Runs only when the process has `gc` (`--expose-gc` on node's command line or in NODE_OPTIONS), which production
 * does not set: the load after each such collection cost about a third more CPU per chat, GC time itself unchanged
 * (bench/HOTSPOTS.md, "Memory, round 3"). Any full GC with no request in flight does that, V8's own memory reducer
 * included: it frees the last object of each per-request shape and closure, and V8 drops the optimised code that
 * embeds those hidden classes or belongs to those closures, which the next load compiles again ("Memory, round 4").
 * So the extra CPU is paid only by a burst that comes before V8's own idle collection (~40–60 s). It is for a host
 * short of memory; without the flag V8 decides alone.
 */

/** No request has arrived or been in flight, and no answer written or saved, for this long: the burst is over. */
export const IDLE_GC_QUIET_MS = 2_000;
const IDLE_GC_CHECK_MS = 500;
/**
 * Below this much RSS growth since the last idle collection, a pause is not worth what it would return. RSS, not the
 * heap's "used" figure: a full GC V8 ran during the load empties the heap but keeps the freed pages resident.
 */
export const IDLE_GC_MIN_GROWTH_BYTES = 32 * 1024 * 1024;

export type IdleCollection = { pauseMs: number; rssBefore: number; rssAfter: number };

type IdleGcDeps = {
  /** One full, memory-reducing collection (V8 also returns the pages it freed). */
  collect: () => void;
  residentBytes: () => number;
  /** A response not yet closed, or an answer being written or saved (also after its browser went away). */
  isBusy: () => boolean;
  now: () => number;
  quietMs?: number;
  minGrowthBytes?: number;
};

/**
 * The decision alone, driven by `noteRequest` (each request's arrival) and `check` (a periodic tick while armed):
 * one collection per busy → idle transition, none while requests keep arriving, a response is open or an answer is
 * active, none when
 * the process has not grown enough since the last one. `isArmed` says whether ticks are still needed.
 */
export function createIdleGc(deps: IdleGcDeps) {
  const quietMs = deps.quietMs ?? IDLE_GC_QUIET_MS;
  const minGrowthBytes = deps.minGrowthBytes ?? IDLE_GC_MIN_GROWTH_BYTES;
  let requests = 0;
  let requestsSeen = 0;
  let quietSince = deps.now();
  let armed = false;
  let rssAfterLast = deps.residentBytes();
  return {
    isArmed: () => armed,
    /** Returns true when this request armed the ticks (the first after an idle collection or a skipped one). */
    noteRequest(): boolean {
      requests++;
      if (armed) return false;
      armed = true;
      return true;
    },
    /** Returns what it collected, or null. */
    check(): IdleCollection | null {
      if (!armed) return null;
      const now = deps.now();
      // Arrivals first: under load one arrives every tick, and nothing else need be read.
      if (requests !== requestsSeen || deps.isBusy()) {
        requestsSeen = requests;
        quietSince = now;
        return null;
      }
      if (now - quietSince < quietMs) return null;
      armed = false;
      const rssBefore = deps.residentBytes();
      if (rssBefore - rssAfterLast < minGrowthBytes) return null;
      const startedAt = deps.now();
      deps.collect();
      const pauseMs = deps.now() - startedAt;
      rssAfterLast = deps.residentBytes();
      return { pauseMs, rssBefore, rssAfter: rssAfterLast };
    },
  };
}

type ExposedGc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

const MIB = 1024 * 1024;
/** V8's default; an operator who turned bytecode flushing off keeps it off. */
const FLUSHES_BYTECODE = !process.execArgv.includes("--no-flush-bytecode");

/**
 * "last-resort" is V8's memory-reducing full GC: it also shrinks the young generation and unmaps the pages it freed,
 * so RSS falls with the heap (a regular major GC leaves them pooled and resident: RSS stays where it was). It also
 * throws away the bytecode of every function not on the stack, which the next burst would pay for by compiling the
 * server again; bytecode flushing, which V8 reads at each GC, is off for this one collection. Optimised code tied
 * to a hidden class or closure no live object has any more goes all the same, as in any other idle GC.
 */
function collectKeepingCode(gc: ExposedGc): void {
  setFlagsFromString("--no-flush-bytecode");
  try {
    gc({ type: "major", execution: "sync", flavor: "last-resort" });
  } finally {
    if (FLUSHES_BYTECODE) setFlagsFromString("--flush-bytecode");
  }
}
const globalForIdleGc = globalThis as unknown as { __chatbotIdleGc?: boolean };

/** Starts watching for idleness once per process; a no-op without `--expose-gc`. */
export function startIdleGc(): void {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== "function" || globalForIdleGc.__chatbotIdleGc) return;
  globalForIdleGc.__chatbotIdleGc = true;
  const exposedGc = gc as ExposedGc;
  let timer: NodeJS.Timeout | null = null;
  let openResponses = 0;
  // 'close' comes once per response, finished or aborted; the channel's "finish" would miss the aborted ones.
  const onResponseClosed = () => openResponses--;
  let heapUsedBefore = 0;
  const idle = createIdleGc({
    collect: () => {
      heapUsedBefore = getHeapStatistics().used_heap_size;
      collectKeepingCode(exposedGc);
    },
    residentBytes: () => process.memoryUsage.rss(),
    isBusy: () => openResponses > 0 || getActiveAnswers().list().length > 0,
    now: () => performance.now(),
  });
  const tick = () => {
    const collected = idle.check();
    if (!idle.isArmed() && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (!collected) return;
    log.debug("runtime: idle GC", {
      pauseMs: Math.round(collected.pauseMs),
      heapUsedBeforeMiB: Math.round(heapUsedBefore / MIB),
      heapUsedAfterMiB: Math.round(getHeapStatistics().used_heap_size / MIB),
      rssBeforeMiB: Math.round(collected.rssBefore / MIB),
      rssAfterMiB: Math.round(collected.rssAfter / MIB),
    });
  };
  // Every HTTP request the process serves (pages, API, health probes), without touching the request path itself.
  subscribe("http.server.request.start", (message) => {
    openResponses++;
    (message as { response: ServerResponse }).response.once("close", onResponseClosed);
    if (!idle.noteRequest()) return;
    timer = setInterval(tick, IDLE_GC_CHECK_MS);
    timer.unref();
  });
}
