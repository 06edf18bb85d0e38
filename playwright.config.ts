import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets two runs (say, a CI check beside a developer's) share a machine.
const PORT = Number(process.env.E2E_PORT ?? 3210);
// The fake GitHub that "Continue with GitHub" goes to (tests/support/fake-oauth-cli.ts).
const OAUTH_PORT = PORT + 1;
// The fake AI provider (tests/support/fake-ai-cli.ts), and a second app that talks to it with real provider clients.
const FAKE_AI_PORT = PORT + 2;
const PROVIDERS_APP_PORT = PORT + 3;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Playwright cannot download its own browsers here; Debian's Chromium is used instead.
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "mobile", use: { ...devices["Pixel 7"], channel: undefined } },
  ],
  webServer: [
    {
      // Listens on every interface: server actions that redirect fetch their target from the origin Next.js
      // derives (localhost), which a server bound to 127.0.0.1 alone would refuse over IPv6.
      command: `node scripts/server.cjs -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        NODE_ENV: "production",
        PLAYWRIGHT: "1",
        AUTH_SECRET: "playwright-secret-for-tests-only",
        DEMO_STREAM_DELAY_MS: "10",
        NEXT_TELEMETRY_DISABLED: "1",
        API_REQUESTS_PER_MINUTE: "1000000",
        GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
        // Low, so the quota test reaches it in a few messages; every other test starts a fresh guest.
        GUEST_MESSAGES_PER_DAY: "3",
        AUTH_GITHUB_ID: "e2e-github-client",
        AUTH_GITHUB_SECRET: "e2e-github-secret",
        AUTH_GITHUB_URL: `http://127.0.0.1:${OAUTH_PORT}/github`,
      },
    },
    {
      command: "node node_modules/.bin/tsx tests/support/fake-oauth-cli.ts",
      url: `http://127.0.0.1:${OAUTH_PORT}/google/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { FAKE_OAUTH_PORT: String(OAUTH_PORT) },
    },
    {
      command: "node node_modules/.bin/tsx tests/support/fake-ai-cli.ts",
      url: `http://127.0.0.1:${FAKE_AI_PORT}/control/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { FAKE_AI_PORT: String(FAKE_AI_PORT) },
    },
    {
      // No demo models here: the custom provider's client streams from the fake AI server (tests/e2e/providers.spec.ts).
      command: `node scripts/server.cjs -p ${PROVIDERS_APP_PORT}`,
      url: `http://127.0.0.1:${PROVIDERS_APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        NODE_ENV: "production",
        PLAYWRIGHT: "",
        AUTH_SECRET: "playwright-secret-for-tests-only",
        NEXT_TELEMETRY_DISABLED: "1",
        API_REQUESTS_PER_MINUTE: "1000000",
        GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
        GUEST_MESSAGES_PER_DAY: "1000000",
        CUSTOM_AI_BASE_URL: `http://127.0.0.1:${FAKE_AI_PORT}/v1`,
        CUSTOM_AI_API_KEY: "e2e-custom-key",
        // Listed in failover order: a model that fails is replaced by the next one, after the last by the first.
        CUSTOM_AI_MODELS: "fake-ok=Fake OK,fake-held=Fake Held,fake-drops=Fake Drops,fake-fails=Fake Fails",
        GUEST_MODELS: "all",
        // One Fake Held answer (1200 tokens in, 300 out: $0.015) passes the guests' daily cost cap; the others are free.
        CUSTOM_AI_PRICES: "fake-held=10/10",
        GUEST_DAILY_COST_CAP_USD: "0.01",
      },
    },
  ],
});
