import "server-only";
import { getConfig } from "@/lib/config";
import { bootStore } from "@/lib/db";
import type { Store } from "@/lib/db/store";
import { recordStoreProbe } from "@/lib/metrics";
import packageJson from "@/package.json";
import { withTimeout } from "./with-timeout";

/** Each probe gets this long, so the whole check answers within ~100 ms even when a dependency hangs. */
const PROBE_TIMEOUT_MS = 60;
/** Monitors poll often; a probe result is reused for this long. */
const PROBE_CACHE_MS = 1_000;

type FeatureState = "configured" | "missing" | "unreachable";
export type HealthStatus = "healthy" | "degraded" | "unhealthy";

export type HealthReport = {
  status: HealthStatus;
  timestamp: string;
  environment: { production: boolean; development: boolean; test: boolean };
  database: { connected: boolean; type: "postgres" | "pglite" | "mock"; fallback: boolean; latencyMs: number | null };
  features: {
    auth: FeatureState;
    ai: { xai: FeatureState; openai: FeatureState; custom: FeatureState };
    storage: { blob: FeatureState; redis: FeatureState };
  };
  mode: "demo" | "production";
  version: string;
  uptimeSeconds: number;
};

type Probe = { ok: boolean; latencyMs: number | null; at: number };

const globalForHealth = globalThis as unknown as { __chatbotDbProbe?: Probe; __chatbotDbProbeRunning?: Promise<Probe> };

async function probeStore(store: Store): Promise<Probe> {
  const cached = globalForHealth.__chatbotDbProbe;
  if (cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached;
  // One probe at a time: concurrent health requests share it instead of piling onto the pool.
  globalForHealth.__chatbotDbProbeRunning ??= (async () => {
    const started = performance.now();
    const ok = await withTimeout(store.ping(), PROBE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    const probe = { ok, latencyMs: ok ? Math.round(performance.now() - started) : null, at: Date.now() };
    recordStoreProbe(store.kind, ok, (performance.now() - started) / 1000);
    globalForHealth.__chatbotDbProbe = probe;
    return probe;
  })().finally(() => {
    globalForHealth.__chatbotDbProbeRunning = undefined;
  });
  return globalForHealth.__chatbotDbProbeRunning;
}

const present = (value: unknown): FeatureState => (value ? "configured" : "missing");

export async function checkHealth(): Promise<HealthReport> {
  const config = getConfig();
  const booted = await withTimeout(bootStore(), PROBE_TIMEOUT_MS).catch(() => null);

  let database: HealthReport["database"];
  let storeStatus = booted?.status;
  if (!booted || !storeStatus) {
    // Still connecting (or failed to): nothing can be stored yet.
    const type = config.database.kind === "memory" ? "mock" : config.database.kind;
    database = { connected: false, type, fallback: false, latencyMs: null };
    storeStatus = { kind: config.database.kind, fellBack: false, ready: false };
  } else if (storeStatus.kind === "memory") {
    database = { connected: false, type: "mock", fallback: storeStatus.fellBack, latencyMs: null };
  } else {
    const probe = storeStatus.ready ? await probeStore(booted.store) : { ok: false, latencyMs: null };
    database = { connected: probe.ok, type: storeStatus.kind, fallback: false, latencyMs: probe.latencyMs };
  }

  const ai = {
    xai: present(config.ai.xai),
    openai: present(config.ai.openai),
    custom: present(config.ai.custom),
  };
  const features: HealthReport["features"] = {
    auth: present(config.auth.secret),
    ai,
    storage: { blob: present(config.storage.blobToken), redis: present(config.redis.url) },
  };

  let status: HealthStatus = "healthy";
  if (!booted || (storeStatus.kind !== "memory" && !database.connected)) status = "unhealthy";
  else if (storeStatus.fellBack) status = "degraded";

  const hasRealProvider = Object.values(ai).includes("configured");
  return {
    status,
    timestamp: new Date().toISOString(),
    environment: { ...config.environmentFlags },
    database,
    features,
    mode: storeStatus.kind === "memory" || !hasRealProvider ? "demo" : "production",
    version: packageJson.version,
    uptimeSeconds: Math.round(process.uptime()),
  };
}
