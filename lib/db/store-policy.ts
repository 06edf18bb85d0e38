import type { DatabaseConfig } from "@/lib/config";
import type { StoreKind } from "./store";

export type StoreDecision = {
  /** The store routes will use. */
  use: StoreKind;
  /** Stay on Postgres, answer 503 database_unavailable and reconnect in the background: health reports unhealthy. */
  waitForDatabase: boolean;
};

/**
 * The boot policy of DESIGN.md. `reachable` is the result of the boot probe and only matters for Postgres.
 * Production never falls back unless the operator asked for it (DATABASE_FALLBACK=memory): a silent fallback
 * would accept messages into a store that forgets them, and each serverless cold start would pick its own.
 */
export function decideStore(database: DatabaseConfig, reachable: boolean): StoreDecision {
  switch (database.kind) {
    case "memory":
      return { use: "memory", waitForDatabase: false };
    case "pglite":
      return { use: "pglite", waitForDatabase: false };
    case "postgres":
      if (reachable) return { use: "postgres", waitForDatabase: false };
      if (database.fallback === "memory") return { use: "memory", waitForDatabase: false };
      return { use: "postgres", waitForDatabase: true };
  }
}
