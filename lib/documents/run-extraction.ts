import "server-only";
import { Worker } from "node:worker_threads";
import { log } from "@/lib/log";
import type { ExtractionJob, ExtractionOutcome } from "./extract-worker";

/** A PDF or DOCX that takes longer than this to read is refused: the worker is stopped, the server never waits more. */
export const EXTRACTION_TIMEOUT_MS = 30_000;
/** Reading is CPU-bound; more at once would only slow every upload (and the answers streaming beside them). */
const MAX_CONCURRENT_EXTRACTIONS = 2;
/** The worker's own heap: a file that needs more is refused instead of taking the server's memory. */
const WORKER_HEAP_MB = 768;
/**
 * How much the process may grow while a file is read. A worker's heap limit does not cover the typed arrays pdf.js
 * inflates streams into: a 1 MB PDF can hold a stream that inflates to gigabytes. Reading a real document takes tens
 * of MB; past this the worker is stopped.
 */
const EXTRACTION_MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;
const MEMORY_CHECK_INTERVAL_MS = 25;
/** All entries of a DOCX together, inflated: far above any real document, far below what would hurt. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/**
 * The server's Node flags, as a worker takes them. V8's heap tuning is process-wide, and Node refuses to start a
 * worker given it: production's --heap-growing-percent (scripts/start.sh) would stop every extraction.
 */
function workerExecArgv(): string[] {
  const flags = process.execArgv.filter((flag) => !flag.startsWith("--heap-growing-percent"));
  // From source (tests), on a Node 22 before 22.18 that does not strip types by default.
  return import.meta.url.endsWith(".ts") ? [...flags, "--experimental-strip-types"] : flags;
}

export type RunOutcome = ExtractionOutcome | { ok: false; reason: "timeout" | "too_complex" };

let running = 0;
const waiting: (() => void)[] = [];

async function takeSlot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT_EXTRACTIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/**
 * Runs one extraction in a fresh worker thread with its own heap limit, a memory watch and a deadline, so a hostile
 * or pathological file (a zip bomb, a PDF stream that inflates to gigabytes, a PDF that never ends) costs one worker,
 * never the server. Never rejects.
 */
export async function runExtraction(job: Omit<ExtractionJob, "maxInflatedBytes">): Promise<RunOutcome> {
  const release = await takeSlot();
  return new Promise<RunOutcome>((resolve) => {
    let worker: Worker;
    try {
      // The URL form lets the Next build bundle the worker as an entry of its own; from source, Node strips its types.
      worker = new Worker(new URL("./extract-worker.ts", import.meta.url), {
        workerData: { ...job, maxInflatedBytes: MAX_INFLATED_BYTES } satisfies ExtractionJob,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        execArgv: workerExecArgv(),
        // pdf.js and mammoth may print warnings; they are not this app's JSON log lines.
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      release();
      log.error("documents: the extraction worker could not start", { kind: job.kind, err: error });
      resolve({ ok: false, reason: "corrupt" });
      return;
    }
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      resolve(outcome);
      // The slot is free once the worker is gone and its memory with it, not before.
      void worker
        .terminate()
        .catch(() => undefined)
        .finally(release);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: "timeout" }), EXTRACTION_TIMEOUT_MS);
    const baseline = process.memoryUsage.rss();
    const watchdog = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > EXTRACTION_MEMORY_BUDGET_BYTES) {
        log.warn("documents: a file needed too much memory to read; its worker was stopped", { kind: job.kind, bytes: job.bytes.byteLength });
        finish({ ok: false, reason: "too_complex" });
      }
    }, MEMORY_CHECK_INTERVAL_MS);
    worker.once("message", (outcome: ExtractionOutcome) => finish(outcome));
    worker.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ERR_WORKER_OUT_OF_MEMORY") log.warn("documents: the extraction worker failed", { kind: job.kind, err: error });
      finish({ ok: false, reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "too_complex" : "corrupt" });
    });
    worker.once("exit", () => finish({ ok: false, reason: "corrupt" }));
  });
}
