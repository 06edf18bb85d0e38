export { DrizzleStore } from "./drizzle/store";
export { createPostgresStore, PostgresStore, type PostgresStoreOptions } from "./drizzle/postgres";
export { createPgliteStore, type PgliteStoreOptions } from "./drizzle/pglite";
