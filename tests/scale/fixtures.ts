import { test as base } from "@playwright/test";
import { type ScaleHarness, startScaleHarness } from "../support/scale-harness";

/**
 * `scale`: the harness (two instances behind nginx, PostgreSQL, Redis), started once per worker; the config runs one
 * worker, so every scale-out test shares one start. Pages open on nginx unless a test goes to an instance directly.
 * (The fixtures' callback is named `provide`: eslint's React rules take a function called `use` for a hook.)
 */
export const test = base.extend<object, { scale: ScaleHarness }>({
  scale: [
    async ({}, provide) => {
      const harness = await startScaleHarness();
      try {
        await provide(harness);
      } finally {
        await harness.stop();
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],
  baseURL: async ({ scale }, provide) => provide(scale.url),
});

export { expect } from "@playwright/test";
