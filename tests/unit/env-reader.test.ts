import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
/** The code the app and its scripts run; tests and benchmarks set up environments of their own. */
const SOURCES = ["lib", "app", "components", "scripts", "proxy.ts", "instrumentation.ts", "next.config.ts"];
const THE_READER = "lib/config/env.ts";
/** Next.js inlines NEXT_RUNTIME per bundle, so the edge bundle drops the Node-only import behind the check. */
const INLINED_BY_NEXT = /process\.env\.NEXT_RUNTIME\b/g;

function sourceFiles(entry: string): string[] {
  const absolute = path.join(ROOT, entry);
  if (statSync(absolute).isFile()) return /\.(ts|tsx|mts|js|mjs)$/.test(entry) ? [entry] : [];
  return readdirSync(absolute).flatMap((name) => sourceFiles(path.join(entry, name)));
}

describe("reading the environment", () => {
  it(`happens only in ${THE_READER}`, () => {
    const readers = SOURCES.flatMap(sourceFiles)
      .filter((file) => file !== THE_READER)
      .filter((file) => /process\.env\b/.test(readFileSync(path.join(ROOT, file), "utf8").replace(INLINED_BY_NEXT, "")));
    expect(readers).toEqual([]);
  });

  it(`finds the read in ${THE_READER}, so the check above can fail`, () => {
    expect(readFileSync(path.join(ROOT, THE_READER), "utf8")).toMatch(/process\.env\b/);
  });
});
