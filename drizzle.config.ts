import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` only diffs the schema against drizzle/meta, so no database URL is needed here;
// migrations are applied by lib/db/migrate.ts (npm run db:migrate, or the app at boot).
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
  strict: true,
  verbose: true,
});
