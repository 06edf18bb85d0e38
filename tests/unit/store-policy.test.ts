import { describe, expect, it } from "vitest";
import type { DatabaseConfig } from "@/lib/config";
import { decideStore, type StoreDecision } from "@/lib/db/store-policy";

const postgres = (fallback: "memory" | "none"): DatabaseConfig => ({
  kind: "postgres",
  url: "postgres://localhost:5432/chatbot",
  poolMax: 10,
  connectTimeoutMs: 5000,
  queryTimeoutMs: 1000,
  preparedStatements: true,
  fallback,
});

// One row per line of the boot policy table in DESIGN.md ("The database factory"). Config sets fallback to
// "memory" outside production and "none" in production unless DATABASE_FALLBACK says otherwise.
const rows: { name: string; database: DatabaseConfig; reachable: boolean; expected: StoreDecision }[] = [
  {
    name: "uses a reachable Postgres in production",
    database: postgres("none"),
    reachable: true,
    expected: { use: "postgres", waitForDatabase: false },
  },
  {
    name: "uses a reachable Postgres outside production",
    database: postgres("memory"),
    reachable: true,
    expected: { use: "postgres", waitForDatabase: false },
  },
  {
    name: "falls back to memory when Postgres is unreachable outside production",
    database: postgres("memory"),
    reachable: false,
    expected: { use: "memory", waitForDatabase: false },
  },
  {
    name: "stays on Postgres and waits for it when unreachable in production without a fallback",
    database: postgres("none"),
    reachable: false,
    expected: { use: "postgres", waitForDatabase: true },
  },
  {
    name: "falls back to memory in production when DATABASE_FALLBACK=memory",
    database: postgres("memory"),
    reachable: false,
    expected: { use: "memory", waitForDatabase: false },
  },
  {
    name: "uses PGlite whatever the probe says",
    database: { kind: "pglite", dir: "/var/lib/chatbot/pglite" },
    reachable: false,
    expected: { use: "pglite", waitForDatabase: false },
  },
  {
    name: "uses PGlite when the probe succeeds",
    database: { kind: "pglite", dir: "/var/lib/chatbot/pglite" },
    reachable: true,
    expected: { use: "pglite", waitForDatabase: false },
  },
  {
    name: "uses memory when nothing is configured",
    database: { kind: "memory" },
    reachable: false,
    expected: { use: "memory", waitForDatabase: false },
  },
];

describe("decideStore", () => {
  it.each(rows)("$name", ({ database, reachable, expected }) => {
    expect(decideStore(database, reachable)).toEqual(expected);
  });
});
