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
/** All entries of a DOCX together, inflated: far above any real document, far below what would hurt. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

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
 * Runs one extraction in a fresh worker thread with its own heap limit and a deadline, so a hostile or pathological
 * file (a zip bomb, a PDF that never ends) costs one worker, never the server. Never rejects.
 */
export async function runExtraction(job: Omit<ExtractionJob, "maxInflatedBytes">): Promise<RunOutcome> {
  const release = await takeSlot();
  try {
    return await new Promise<RunOutcome>((resolve) => {
      let settled = false;
      // The URL form lets the Next build bundle the worker as an entry of its own; from source, Node strips its types.
      const worker = new Worker(new URL("./extract-worker.ts", import.meta.url), {
        workerData: { ...job, maxInflatedBytes: MAX_INFLATED_BYTES } satisfies ExtractionJob,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        // pdf.js and mammoth may print warnings; they are not this app's JSON log lines.
        stdout: true,
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      const finish = (outcome: RunOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
        void worker.terminate();
      };
      const timer = setTimeout(() => finish({ ok: false, reason: "timeout" }), EXTRACTION_TIMEOUT_MS);
      worker.once("message", (outcome: ExtractionOutcome) => finish(outcome));
      worker.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "ERR_WORKER_OUT_OF_MEMORY") log.warn("documents: the extraction worker failed", { kind: job.kind, err: error });
        finish({ ok: false, reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "too_complex" : "corrupt" });
      });
      worker.once("exit", () => finish({ ok: false, reason: "corrupt" }));
    });
  } finally {
    release();
  }
}
