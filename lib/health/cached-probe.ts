import { withTimeout } from "./with-timeout";

/** Each probe gets this long, so the whole check answers within ~100 ms even when a dependency hangs. */
export const PROBE_TIMEOUT_MS = 60;
/** Monitors poll often; a probe result is reused for this long. */
const PROBE_CACHE_MS = 1_000;

export type Probe = { ok: boolean; latencyMs: number | null; at: number };

type ProbeSlot = { last?: Probe; running?: Promise<Probe> };

const globalForProbes = globalThis as unknown as { __chatbotProbes?: Map<string, ProbeSlot> };
const slots = (globalForProbes.__chatbotProbes ??= new Map());

/**
 * Runs `ping` as the health probe named `name`: bounded by PROBE_TIMEOUT_MS, its result cached for a second, and one
 * probe in flight at a time, so concurrent health requests share it instead of piling onto the dependency.
 */
export function runCachedProbe(
  name: string,
  ping: () => Promise<unknown>,
  onProbed?: (ok: boolean, seconds: number) => void,
): Promise<Probe> {
  let slot = slots.get(name);
  if (!slot) slots.set(name, (slot = {}));
  const { last } = slot;
  if (last && Date.now() - last.at < PROBE_CACHE_MS) return Promise.resolve(last);
  const current = slot;
  current.running ??= (async () => {
    const started = performance.now();
    const ok = await withTimeout(ping(), PROBE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    const elapsedMs = performance.now() - started;
    const probe = { ok, latencyMs: ok ? Math.round(elapsedMs) : null, at: Date.now() };
    onProbed?.(ok, elapsedMs / 1000);
    current.last = probe;
    return probe;
  })().finally(() => {
    current.running = undefined;
  });
  return current.running;
}
