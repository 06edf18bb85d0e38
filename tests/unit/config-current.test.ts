import { afterEach, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import { keepParsedConfig, parsedConfig } from "@/lib/config/current";
import { loadTestConfig } from "../support/config";

const globalForConfig = globalThis as unknown as { __chatbotConfig?: unknown };

describe("the config kept for the process (lib/config/current.ts)", () => {
  afterEach(() => {
    delete globalForConfig.__chatbotConfig;
  });

  it("is what getConfig serves, without parsing the environment again: the proxy reads it from there", () => {
    // A config that process.env would not produce: getConfig must hand back this object, not a fresh parse.
    const kept = keepParsedConfig(loadTestConfig({ CORS_ALLOWED_ORIGINS: "https://kept.example.com" }));
    expect(parsedConfig()).toBe(kept);
    expect(getConfig()).toBe(kept);
    expect(getConfig().security.corsAllowedOrigins).toEqual(["https://kept.example.com"]);
  });

  it("is unset until the config is kept, so that the proxy falls back to parsing it", () => {
    expect(parsedConfig()).toBeUndefined();
    const kept = keepParsedConfig(loadTestConfig({}));
    expect(parsedConfig()).toBe(kept);
  });
});
