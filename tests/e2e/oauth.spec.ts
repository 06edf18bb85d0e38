import { expect, test } from "@playwright/test";
import { expectSignedIn, sendAndWaitForAnswer } from "./support";

// playwright.config.ts points AUTH_GITHUB_URL at the fake GitHub (tests/support/fake-oauth-cli.ts), whose authorize
// page offers "Authorize as <login>" links.

test("a guest with a chat who continues with GitHub finds the chat in the new account", async ({ page }) => {
  await page.goto("/");
  await sendAndWaitForAnswer(page, "asked as a guest, then signed in with GitHub");
  const chatUrl = page.url();

  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await page.getByRole("link", { name: "Authorize as octo-e2e" }).click();
  await expectSignedIn(page);

  await page.goto(chatUrl);
  await expect(page.locator('[data-role="user"]')).toHaveText("asked as a guest, then signed in with GitHub");
  await page.goto("/settings");
  await expect(page.getByText("Signed in as octo-e2e@e2e.example.com")).toBeVisible();
  await expect(page.getByText("This account has no password: you sign in with GitHub.")).toBeVisible();
});

test("the GitHub button works without JavaScript: the CSP lets the form's redirect reach GitHub", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) blocked.push(message.text());
  });

  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await page.getByRole("link", { name: "Authorize as octo-nojs" }).click();
  await page.goto("/settings");
  await expect(page.getByText("Signed in as octo-nojs@e2e.example.com")).toBeVisible();
  expect(blocked).toEqual([]);
  await context.close();
});
