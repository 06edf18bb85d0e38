import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config";

const load = (env: Record<string, string | undefined>) => loadConfig(env, { readDevSecret: () => "a-generated-development-secret" });

describe("CORS_ALLOWED_ORIGINS", () => {
  it("is empty (same-origin only) when unset or empty", () => {
    expect(load({}).security.corsAllowedOrigins).toEqual([]);
    expect(load({ CORS_ALLOWED_ORIGINS: "" }).security.corsAllowedOrigins).toEqual([]);
  });

  it("parses a comma-separated list into normalised, distinct origins", () => {
    const config = load({ CORS_ALLOWED_ORIGINS: " https://App.example.com/ ,http://localhost:5173,, https://app.example.com" });
    expect(config.security.corsAllowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });

  it.each(["*", "app.example.com", "https://app.example.com/api", "https://a.example, ftp://b.example"])(
    "refuses %j with one line naming the variable",
    (value) => {
      expect(() => load({ CORS_ALLOWED_ORIGINS: value })).toThrow(ConfigError);
      expect(() => load({ CORS_ALLOWED_ORIGINS: value })).toThrow(/^Invalid environment variable CORS_ALLOWED_ORIGINS: ".+" is not an origin/);
    },
  );
});
