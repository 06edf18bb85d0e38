import { getMetrics } from "./registry";

/**
 * What the app reports to GET /api/metrics. Each function is one call at the place the event happens and never
 * throws; the definitions live in ./registry.
 */

/** A metric must never fail the request that reports it (a NaN from a provider's usage, say). */
function safely(record: () => void): void {
  try {
    record();
  } catch {
    // Dropped: the request matters more than one sample.
  }
}

type ModelRef = { id: string; provider: string };
type Usage = { inputTokens: number; outputTokens: number; costUsd: number };

/** An API request answered: its route pattern (see routePattern), method, status and time until the response. */
export function recordHttpRequest(input: { route: string; method: string; status: number; seconds: number }): void {
  safely(() => {
    const labels = { route: input.route, method: input.method, status: String(input.status) };
    const metrics = getMetrics();
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, input.seconds);
  });
}

/** An error a client saw, by its stable code (`rate_limited`, `database_unavailable`, `provider_error`, ...). */
export function recordError(code: string): void {
  safely(() => {
    getMetrics().errors.inc({ code });
  });
}

/** An answer started being generated; pair with answerEnded. */
export function answerStarted(): void {
  safely(() => {
    getMetrics().activeAnswers.inc();
  });
}

export function answerEnded(): void {
  safely(() => {
    getMetrics().activeAnswers.dec();
  });
}

/** The first text or reasoning token of an answer arrived, from the model that is answering. */
export function recordFirstToken(modelId: string, answerStartedAt: Date): void {
  safely(() => {
    getMetrics().timeToFirstToken.observe({ model: modelId }, Math.max(0, Date.now() - answerStartedAt.getTime()) / 1000);
  });
}

/** An answer was saved with its status; its tokens and cost count towards the model's. */
export function recordAnswer(model: ModelRef, status: string, usage: Usage | null): void {
  safely(() => {
    getMetrics().answers.inc({ provider: model.provider, model: model.id, status });
    recordModelUsage(model, usage);
  });
}

/** Tokens and estimated cost of a model call (an answer, a title). */
export function recordModelUsage(model: ModelRef | null, usage: Usage | null): void {
  safely(() => {
    if (!model || !usage) return;
    const metrics = getMetrics();
    const labels = { provider: model.provider, model: model.id };
    metrics.tokens.inc({ ...labels, direction: "input" }, usage.inputTokens);
    metrics.tokens.inc({ ...labels, direction: "output" }, usage.outputTokens);
    metrics.cost.inc(labels, usage.costUsd);
  });
}

/** A model attempt failed before its first token (`bad_key`, `rate_limited`, `timeout`, ...). */
export function recordProviderFailure(model: ModelRef, failure: string): void {
  safely(() => {
    getMetrics().providerFailures.inc({ provider: model.provider, model: model.id, failure });
  });
}

/** The health check's database probe: which store, whether it answered, and how long it took. */
export function recordStoreProbe(store: string, ok: boolean, seconds: number): void {
  safely(() => {
    getMetrics().storeProbe.observe({ store, result: ok ? "ok" : "failed" }, seconds);
  });
}
