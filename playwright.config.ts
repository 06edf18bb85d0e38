import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets two runs (say, a CI check beside a developer's) share a machine.
const PORT = Number(process.env.E2E_PORT ?? 3210);
// The fake GitHub that "Continue with GitHub" goes to (tests/support/fake-oauth-cli.ts).
const OAUTH_PORT = PORT + 1;

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
      command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
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
  ],
});
