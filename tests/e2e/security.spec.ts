import { expect, type Page, test } from "@playwright/test";

declare global {
  interface Window {
    __cspViolations?: string[];
    __injectedScriptRan?: boolean;
  }
}

/** Collects CSP violations twice over: Chromium's console report and the page's securitypolicyviolation events. */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) fromConsole.push(message.text());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => window.__cspViolations ?? []))];
}

test("chatting, reloading, the 404 page and the account pages run under the CSP without a single violation", async ({ page }, testInfo) => {
  const violations = await watchCspViolations(page);

  const response = await page.goto("/");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("'nonce-");
  expect(csp).not.toContain("unsafe-eval");

  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(`Is this page locked down? (${testInfo.project.name})`);
  await composer.press("Enter");
  const answer = page.locator('[data-role="assistant"]');
  await expect(answer).toContainText("To chat with a real model");
  await expect(answer.locator("pre code")).toBeVisible();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  await page.reload();
  await expect(page.locator('[data-role="user"]')).toContainText("Is this page locked down?");
  // Proves the page hydrated (React handles the typing), not just that the server HTML arrived.
  await page.getByRole("textbox", { name: "Message" }).fill("typed after reload");
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();

  await page.goto("/no-such-page");
  await expect(page.getByText("could not be found")).toBeVisible();

  for (const path of ["/login", "/register", "/settings"]) {
    const visit = await page.goto(path, { waitUntil: "load" });
    expect(visit?.status(), path).toBeLessThan(400);
  }

  expect(await violations()).toEqual([]);
});

test("an inline script injected into the page is blocked, and the watcher sees it", async ({ page }) => {
  const violations = await watchCspViolations(page);
  // Simulates stored XSS: the server's HTML gains a script tag without the nonce.
  await page.route("/", async (route) => {
    const original = await route.fetch();
    const html = (await original.text()).replace(/<body([^>]*)>/, "<body$1><script>window.__injectedScriptRan = true</script>");
    await route.fulfill({ response: original, body: html });
  });

  await page.goto("/");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  expect(await page.evaluate(() => window.__injectedScriptRan)).toBeUndefined();
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringContaining("script-src")]));
});
