import { describe, expect, it } from "vitest";

import { CONFIG_ENV_VARIABLES } from "@/lib/config";

import { loadTestConfig } from "../support/config";

describe("an empty variable", () => {
  it("reads as unset, for every variable the config reads", () => {
    const allEmpty = Object.fromEntries(CONFIG_ENV_VARIABLES.map((name) => [name, ""]));
    expect(loadTestConfig(allEmpty)).toEqual(loadTestConfig({}));
  });

  it("differs from a set one, so the check above can fail", () => {
    expect(loadTestConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).not.toEqual(loadTestConfig({ REDIS_URL: "" }));
  });
});
