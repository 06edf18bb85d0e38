import type { TestProject } from "vitest/node";

import { startPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of a database on the throwaway PostgreSQL 15 cluster; tests create their own databases beside it. */
    postgresUrl: string;
  }
}

/** One PostgreSQL cluster for the whole integration run; starting one takes seconds, a database milliseconds. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
