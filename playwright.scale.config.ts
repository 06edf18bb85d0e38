import { defineConfig, devices } from "@playwright/test";
import baseConfig from "./playwright.config";

/**
 * Scale-out tests (tests/scale): two production instances behind nginx, sharing PostgreSQL and Redis. The servers
 * are started by the tests' harness (tests/scale/fixtures.ts), once per worker, on free ports; nothing here listens
 * on E2E_PORT.
 */
export default defineConfig({
  testDir: "tests/scale",
  outputDir: "test-results/scale",
  fullyParallel: false,
  // One worker: the harness starts once and every scale-out test shares it.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 120_000,
  use: {
    ...devices["Desktop Chrome"],
    channel: undefined,
    // Debian's Chromium with the main config's flags; baseURL comes from the harness (nginx's free port).
    launchOptions: baseConfig.use?.launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
