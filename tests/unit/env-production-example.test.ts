import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CONFIG_ENV_VARIABLES, loadConfig } from "@/lib/config";

import { parseDockerfile, parseEnvFile, stageEnv } from "../support/dockerfile";

const ROOT = path.resolve(__dirname, "../..");
const example = readFileSync(path.join(ROOT, ".env.production.example"), "utf8");
/** Variables listed as `NAME=` or, for those set elsewhere, commented out as `# NAME=`. */
const listed = new Set([...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
const assigned = parseEnvFile(example);

describe(".env.production.example", () => {
  it("lists every variable the config reads, the logger's LOG_LEVEL and the build's BUILD_STANDALONE", () => {
    // NEXT_PHASE is set by Next.js itself while it builds.
    const expected = [...CONFIG_ENV_VARIABLES.filter((name) => name !== "NEXT_PHASE"), "LOG_LEVEL", "BUILD_STANDALONE"];
    expect(expected.filter((name) => !listed.has(name))).toEqual([]);
  });

  it("holds no values, only the names to fill in", () => {
    expect(Object.entries(assigned).filter(([, value]) => value !== "")).toEqual([]);
  });

  it("leaves what the Docker image sets commented out, since an env file's empty value would replace it", () => {
    const image = parseDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8")).at(-1);
    const imageVariables = Object.keys(image ? stageEnv(image) : {});
    expect(imageVariables).toContain("CHATBOT_DATA_DIR");
    expect(imageVariables.filter((name) => name in assigned)).toEqual([]);
  });

  it("is a valid production environment once AUTH_SECRET is filled in", () => {
    const config = loadConfig({ ...assigned, NODE_ENV: "production", AUTH_SECRET: "a-production-secret-of-some-length" });
    expect(config.isProduction).toBe(true);
    expect(config.database.kind).toBe("memory");
  });
});
