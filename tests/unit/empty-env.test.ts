import { describe, expect, it } from "vitest";

import { unsetEmptyEnvironmentVariables } from "@/lib/config";

describe("unsetEmptyEnvironmentVariables", () => {
  it("deletes variables set to the empty string and keeps every other value", () => {
    const env: Record<string, string | undefined> = { OPENAI_BASE_URL: "", XAI_API_KEY: "xai-key", LOG_LEVEL: " ", PORT: "3000" };
    unsetEmptyEnvironmentVariables(env);
    expect(env).toEqual({ XAI_API_KEY: "xai-key", LOG_LEVEL: " ", PORT: "3000" });
    expect("OPENAI_BASE_URL" in env).toBe(false);
  });
});
