import "server-only";
import { getConfig } from "@/lib/config";
import { bootStore } from "@/lib/db";
import type { Store } from "@/lib/db/store";
import { recordStoreProbe } from "@/lib/metrics";
import { isShuttingDown } from "@/lib/lifecycle/shutdown";
import { getRedis } from "@/lib/redis/client";
import packageJson from "@/package.json";
import { PROBE_TIMEOUT_MS, runCachedProbe } from "./cached-probe";
import { withTimeout } from "./with-timeout";

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
  /** SIGTERM received: the instance finishes its answers and takes no new ones (and reads unhealthy meanwhile). */
  shuttingDown: boolean;
};

const probeStore = (store: Store) =>
  runCachedProbe("database", () => store.ping(), (ok, seconds) => recordStoreProbe(store.kind, ok, seconds));

/** Redis is optional: without it each instance keeps its own counters, so an outage degrades, never fails. */
async function redisState(): Promise<FeatureState> {
  const redis = getRedis();
  if (!redis) return "missing";
  const probe = await runCachedProbe("redis", () => redis.ping());
  return probe.ok ? "configured" : "unreachable";
}

const present = (value: unknown): FeatureState => (value ? "configured" : "missing");

export async function checkHealth(): Promise<HealthReport> {
  const config = getConfig();
  const [booted, redis] = await Promise.all([withTimeout(bootStore(), PROBE_TIMEOUT_MS).catch(() => null), redisState()]);

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
    storage: { blob: present(config.storage.blobToken), redis },
  };

  let status: HealthStatus = "healthy";
  if (!booted || (storeStatus.kind !== "memory" && !database.connected) || isShuttingDown()) status = "unhealthy";
  else if (storeStatus.fellBack || redis === "unreachable") status = "degraded";

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
    shuttingDown: isShuttingDown(),
  };
}
