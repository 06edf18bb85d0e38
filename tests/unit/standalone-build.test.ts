import { describe, expect, it } from "vitest";

import { ConfigError, isStandaloneBuild } from "@/lib/config";

describe("isStandaloneBuild (BUILD_STANDALONE)", () => {
  it.each([
    { value: undefined, expected: false },
    { value: "", expected: false },
    { value: "0", expected: false },
    { value: "false", expected: false },
    { value: "1", expected: true },
    { value: "TRUE", expected: true },
    { value: "yes", expected: true },
  ])("reads $value as $expected", ({ value, expected }) => {
    expect(isStandaloneBuild({ BUILD_STANDALONE: value })).toBe(expected);
  });

  it("names the variable on a value that is not true or false", () => {
    expect(() => isStandaloneBuild({ BUILD_STANDALONE: "standalone" })).toThrow(ConfigError);
    expect(() => isStandaloneBuild({ BUILD_STANDALONE: "standalone" })).toThrow(
      "Invalid environment variable BUILD_STANDALONE: must be true or false",
    );
  });
});
