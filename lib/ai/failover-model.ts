import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { log } from "@/lib/log";
import { recordProviderFailure } from "@/lib/metrics";
import type { ModelInfo, ProviderKind } from "./catalog";
import { promptFor } from "./pdf-input";
import {
  classifyProviderError,
  FirstTokenTimeoutError,
  ModelsUnavailableError,
  type ProviderFailure,
  StreamStalledError,
} from "./provider-errors";

/** Models tried for one request at most: the chosen one and two fallbacks, so an outage cannot fan out further. */
export const MAX_MODEL_ATTEMPTS = 3;

export type FailoverCandidate = { info: ModelInfo; model: LanguageModelV4 };

/** Filled in while a call runs: the model that answered and the usage it reported (null until known). */
export type FailoverReport = {
  answeredBy: ModelInfo | null;
  usage: LanguageModelV4Usage | null;
  failures: { modelId: string; failure: ProviderFailure }[];
};

export function createFailoverReport(): FailoverReport {
  return { answeredBy: null, usage: null, failures: [] };
}

export type FailoverModelOptions = {
  /** In order of preference; the first is the model the user chose. */
  candidates: readonly FailoverCandidate[];
  /**
   * How long each attempt may take to produce its first output (streaming) or its whole answer (generate); once
   * streaming, also the longest pause between parts before the answer counts as broken.
   */
  firstTokenTimeoutMs: number;
  report: FailoverReport;
};

/** Stream parts that carry no output yet: a failure up to and including them can still move to another model. */
const PREAMBLE_PARTS = new Set<LanguageModelV4StreamPart["type"]>([
  "stream-start",
  "response-metadata",
  "text-start",
  "reasoning-start",
  "ping",
  "raw",
]);

type Attempt = {
  signal: AbortSignal;
  /** Settles with the promise, or rejects as soon as the attempt is aborted (stop or first-token timeout). */
  race<T>(promise: PromiseLike<T>): Promise<T>;
  /** The first output arrived: the first-token timer no longer applies. */
  clearTimer(): void;
  /** Ends the attempt's request with this reason. */
  abort(reason: Error): void;
  /** Stops forwarding the caller's abort signal; call once the attempt is over. */
  release(): void;
};

function startAttempt(outer: AbortSignal | undefined, timeoutMs: number): Attempt {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) forwardAbort();
  else outer?.addEventListener("abort", forwardAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new FirstTokenTimeoutError(timeoutMs)), timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return {
    signal: controller.signal,
    race: (promise) => Promise.race([Promise.resolve(promise), aborted]),
    clearTimer: () => clearTimeout(timer),
    abort: (reason) => controller.abort(reason),
    release() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forwardAbort);
    },
  };
}

function logFailure(info: ModelInfo, failure: ProviderFailure, error: unknown): void {
  recordProviderFailure(info, failure);
  if (failure === "bad_key") {
    log.error("ai: the provider rejected this server's API key; check its API key setting", {
      provider: info.provider,
      model: info.id,
      err: error,
    });
  } else {
    log.warn("ai: a model failed before its first token; trying the next one", {
      provider: info.provider,
      model: info.id,
      failure,
      err: error,
    });
  }
}

/** A stream that ended within its first parts: those parts, and the attempt is over. */
function replay(head: readonly LanguageModelV4StreamPart[], attempt: Attempt): ReadableStream<LanguageModelV4StreamPart> {
  attempt.release();
  return new ReadableStream({
    start(controller) {
      for (const part of head) controller.enqueue(part);
      controller.close();
    },
  });
}

/**
 * The rest of an answer once its first output is through: the parts read so far, then the provider's as they come,
 * noting the usage its finish part reports. A pause longer than `timeoutMs` while a part is awaited breaks the answer
 * (StreamStalledError); it and any other failure end the stream with an error part, after which the partial answer
 * stands; a caller's abort errors the stream.
 *
 * Per part this costs one read and one clock reading: one timer checks the deadline and re-arms itself for whatever
 * is left of it (a timer and a promise race per part cost more than the provider's own parsing of it).
 */
function relayWithDeadline(
  head: readonly LanguageModelV4StreamPart[],
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
  attempt: Attempt,
  outer: AbortSignal | undefined,
  timeoutMs: number,
  report: FailoverReport,
): ReadableStream<LanguageModelV4StreamPart> {
  /** When the part being awaited was asked for; null while none is. */
  let waitingSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let isOver = false;
  // Armed while a part is awaited; a part that arrives in time leaves it to fire later, see nothing due and re-arm
  // for what is left of the next wait (or not at all while none is awaited).
  const checkDeadline = () => {
    timer = null;
    if (isOver || waitingSince === null) return;
    const left = waitingSince + timeoutMs - performance.now();
    if (left <= 0) attempt.abort(new StreamStalledError(timeoutMs));
    else timer = setTimeout(checkDeadline, left);
  };
  const finish = () => {
    isOver = true;
    if (timer) clearTimeout(timer);
    attempt.release();
  };
  // An abort (Stop, or the deadline above) must end a read even from a provider that ignores its signal.
  const onAbort = () => void reader.cancel(attempt.signal.reason).catch(() => undefined);
  attempt.signal.addEventListener("abort", onAbort, { once: true });

  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of head) controller.enqueue(part);
    },
    async pull(controller) {
      waitingSince = performance.now();
      timer ??= setTimeout(checkDeadline, timeoutMs);
      try {
        const next = await reader.read();
        waitingSince = null;
        if (attempt.signal.aborted) throw attempt.signal.reason;
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        if (next.value.type === "finish") report.usage = next.value.usage;
        controller.enqueue(next.value);
      } catch (error) {
        waitingSince = null;
        finish();
        void reader.cancel().catch(() => undefined);
        if (outer?.aborted) {
          controller.error(error);
          return;
        }
        // As providers report a broken chunk: an error part, after which the partial answer stands.
        controller.enqueue({ type: "error", error });
        controller.close();
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}

/**
 * A language model that tries its candidates in order until one produces output. Any failure before the first
 * output (an HTTP error, a refused key, a timeout, a broken or empty stream) moves on to the next candidate; a
 * refused key also skips the other models of that provider. Once output has flowed, errors pass through: the
 * partial answer is the caller's to keep. Each candidate gets the prompt it can read (PDF files only for those
 * that read PDFs; the documents' text goes to all).
 */
export function createFailoverModel({ candidates, firstTokenTimeoutMs, report }: FailoverModelOptions): LanguageModelV4 {
  const [first] = candidates;
  if (!first) throw new Error("A failover model needs at least one candidate.");

  async function tryEach<T>(options: LanguageModelV4CallOptions, run: (candidate: FailoverCandidate, attempt: Attempt) => Promise<T>): Promise<T> {
    const attempts: { modelId: string; failure: ProviderFailure; error: unknown }[] = [];
    const refusedProviders = new Set<ProviderKind>();
    for (const candidate of candidates) {
      if (attempts.length >= MAX_MODEL_ATTEMPTS) break;
      if (refusedProviders.has(candidate.info.provider)) continue;
      options.abortSignal?.throwIfAborted();
      const attempt = startAttempt(options.abortSignal, firstTokenTimeoutMs);
      try {
        const result = await run(candidate, attempt);
        report.answeredBy = candidate.info;
        return result;
      } catch (error) {
        attempt.release();
        if (options.abortSignal?.aborted) throw error;
        const failure = classifyProviderError(error);
        logFailure(candidate.info, failure, error);
        attempts.push({ modelId: candidate.info.id, failure, error });
        report.failures.push({ modelId: candidate.info.id, failure });
        if (failure === "bad_key") refusedProviders.add(candidate.info.provider);
      }
    }
    const isMisconfigured = attempts.length > 0 && attempts.every((attempt) => attempt.failure === "bad_key");
    throw new ModelsUnavailableError(isMisconfigured ? "misconfigured" : "unavailable", attempts);
  }

  return {
    specificationVersion: "v4",
    provider: first.model.provider,
    modelId: first.model.modelId,
    supportedUrls: first.model.supportedUrls,

    doGenerate: (options) =>
      tryEach(options, async (candidate, attempt) => {
        try {
          const result = await attempt.race(
            candidate.model.doGenerate({ ...options, prompt: promptFor(candidate.info, options.prompt), abortSignal: attempt.signal }),
          );
          report.usage = result.usage;
          return result;
        } finally {
          attempt.release();
        }
      }),

    doStream: (options) =>
      tryEach(options, async (candidate, attempt) => {
        const result = await attempt.race(
          candidate.model.doStream({ ...options, prompt: promptFor(candidate.info, options.prompt), abortSignal: attempt.signal }),
        );
        const reader = result.stream.getReader();
        const head: LanguageModelV4StreamPart[] = [];
        let isDone = false;
        try {
          for (;;) {
            const next = await attempt.race(reader.read());
            if (next.done) {
              isDone = true;
              break;
            }
            const part = next.value;
            if (part.type === "error") throw part.error;
            head.push(part);
            if (part.type === "finish") report.usage = part.usage;
            if (!PREAMBLE_PARTS.has(part.type)) break;
          }
        } catch (error) {
          void reader.cancel().catch(() => undefined);
          throw error;
        }
        if (!head.some((part) => !PREAMBLE_PARTS.has(part.type))) {
          throw new Error("The model ended its stream without any output.");
        }
        attempt.clearTimer();
        return { ...result, stream: isDone ? replay(head, attempt) : relayWithDeadline(head, reader, attempt, options.abortSignal, firstTokenTimeoutMs, report) };
      }),
  };
}
