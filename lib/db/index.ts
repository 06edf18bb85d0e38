import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { databaseUnavailable } from "./connection-errors";
import { createPgliteStore, createPostgresStore, type PostgresStore } from "./drizzle-store";
import { MemoryStore } from "./memory-store";
import type { Store, StoreKind } from "./store";
import { decideStore } from "./store-policy";

const RECONNECT_INTERVAL_MS = 2_000;

export type StoreStatus = {
  kind: StoreKind;
  /** The configured Postgres was unreachable at boot and memory stands in for it. */
  fellBack: boolean;
  /** False while a production Postgres that was unreachable at boot has not come back yet. */
  ready: boolean;
};

type StoreState = { store: Store; status: StoreStatus };

const globalForStore = globalThis as unknown as { __chatbotStore?: Promise<StoreState> };

/** The process-wide store, chosen at boot by the policy in store-policy.ts. */
export async function getStore(): Promise<Store> {
  return (await bootStore()).store;
}

export function bootStore(): Promise<StoreState> {
  globalForStore.__chatbotStore ??= openStore().catch((error: unknown) => {
    globalForStore.__chatbotStore = undefined;
    throw error;
  });
  return globalForStore.__chatbotStore;
}

async function openStore(): Promise<StoreState> {
  const { database } = getConfig();
  if (database.kind === "memory") {
    log.info("store: in-memory (demo mode); data is lost when the server stops");
    return { store: new MemoryStore(), status: { kind: "memory", fellBack: false, ready: true } };
  }
  if (database.kind === "pglite") {
    const store = await createPgliteStore({ dir: database.dir });
    log.info("store: PGlite", { dir: database.dir });
    return { store, status: { kind: "pglite", fellBack: false, ready: true } };
  }

  const postgres = createPostgresStore({
    url: database.url,
    migrationUrl: database.directUrl,
    poolMax: database.poolMax,
    connectTimeoutMs: database.connectTimeoutMs,
    queryTimeoutMs: database.queryTimeoutMs,
    preparedStatements: database.preparedStatements,
  });
  const reachable = await postgres.migrate().then(
    () => true,
    (error: unknown) => {
      log.warn("store: PostgreSQL did not answer at boot", { err: error });
      return false;
    },
  );
  const decision = decideStore(database, reachable);
  if (decision.use === "memory") {
    await postgres.close().catch(() => undefined);
    log.warn(
      "store: PostgreSQL is unreachable, FALLING BACK TO THE IN-MEMORY STORE: chats are lost on restart and health reports degraded",
    );
    return { store: new MemoryStore(), status: { kind: "memory", fellBack: true, ready: true } };
  }
  const status: StoreStatus = { kind: "postgres", fellBack: false, ready: !decision.waitForDatabase };
  if (decision.waitForDatabase) {
    log.error(
      "store: PostgreSQL is unreachable; answering 503 database_unavailable and reconnecting in the background (set DATABASE_FALLBACK=memory to fall back instead)",
    );
    reconnectInBackground(postgres, status);
  } else {
    // One pooled connection opened now: the first request (and health's 60 ms probe) need not wait for a handshake.
    await postgres.ping().catch((error: unknown) => log.warn("store: PostgreSQL did not answer a first ping", { err: error }));
    log.info("store: PostgreSQL", { poolMax: database.poolMax });
  }
  // A database that answered at boot needs no guard: the store maps its failures to database_unavailable itself.
  return { store: decision.waitForDatabase ? guardPostgres(postgres, status) : postgres, status };
}

function reconnectInBackground(postgres: PostgresStore, status: StoreStatus): void {
  const timer = setInterval(() => {
    postgres.migrate().then(
      () => {
        clearInterval(timer);
        status.ready = true;
        log.info("store: PostgreSQL is reachable again; serving requests");
      },
      () => undefined,
    );
  }, RECONNECT_INTERVAL_MS);
  timer.unref();
}

/**
 * Answers 503 database_unavailable while a production Postgres that was down at boot has not come back; after that
 * the store itself maps connection failures to the same error.
 */
function guardPostgres(inner: PostgresStore, status: StoreStatus): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "close" || property === "ping") return value.bind(target);
      return (...args: unknown[]) => {
        if (!status.ready) {
          return Promise.reject(databaseUnavailable("PostgreSQL has not answered since boot"));
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}
