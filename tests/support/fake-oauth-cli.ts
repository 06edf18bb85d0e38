import { startFakeOAuthServer } from "./fake-oauth-server";

/**
 * The fake GitHub / Google as a process of its own, for Playwright's webServer list (playwright.config.ts):
 * fixed port and client credentials, and a few GitHub users to authorize as.
 */
async function main(): Promise<void> {
  const port = Number(process.env.FAKE_OAUTH_PORT ?? 3211);
  const server = await startFakeOAuthServer({
    port,
    github: { clientId: "e2e-github-client", clientSecret: "e2e-github-secret" },
    google: { clientId: "e2e-google-client", clientSecret: "e2e-google-secret" },
  });
  for (const [index, login] of ["octo-e2e", "octo-nojs"].entries()) {
    server.addGitHubUser(login, {
      id: 9_000 + index,
      login,
      name: login,
      emails: [{ email: `${login}@e2e.example.com`, primary: true, verified: true }],
    });
  }
  console.log(`fake OAuth server on ${server.url}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
