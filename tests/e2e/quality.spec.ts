import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { sendAndWaitForAnswer } from "./support";

/** The budget for the chat page's first load: JavaScript, as sent (gzip). */
const FIRST_LOAD_JS_BUDGET_BYTES = 250 * 1024;

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function inTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), theme === "dark");
}

test("the chat page's first load stays under 250 KiB of JavaScript (gzip)", async ({ page }, testInfo) => {
  const scripts = new Map<string, number>();
  page.on("requestfinished", async (request) => {
    if (request.resourceType() !== "script") return;
    scripts.set(request.url(), (await request.sizes()).responseBodySize);
  });
  const response = await page.goto("/", { waitUntil: "networkidle" });
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  // First load = the scripts the page's HTML itself loads (what Next.js calls First Load JS). Chunks fetched later
  // on purpose — link prefetches, lazily loaded pieces — are listed too, but not counted.
  const html = (await response?.text()) ?? "";
  const inHtml = new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => new URL(match[1]!, page.url()).href));
  const firstLoad = [...scripts].filter(([url]) => inHtml.has(url));
  const total = firstLoad.reduce((sum, [, size]) => sum + size, 0);
  const later = [...scripts].filter(([url]) => !inHtml.has(url)).reduce((sum, [, size]) => sum + size, 0);
  const lines = [...scripts]
    .sort((a, b) => b[1] - a[1])
    .map(([url, size]) => `  ${(size / 1024).toFixed(1)} KiB ${new URL(url).pathname}${inHtml.has(url) ? "" : " (after load)"}`);
  const report = `first-load JavaScript on /: ${(total / 1024).toFixed(1)} KiB gzip in ${firstLoad.length} files; ${(later / 1024).toFixed(1)} KiB fetched after load`;
  console.log(`[${testInfo.project.name}] ${report}\n${lines.join("\n")}`);
  testInfo.annotations.push({ type: "js-weight", description: report });
  expect(firstLoad.length).toBeGreaterThan(3);
  expect(total).toBeLessThan(FIRST_LOAD_JS_BUDGET_BYTES);
});

test("axe finds no serious or critical problems on the chat, login and share pages, light and dark", async ({ page, browser }) => {
  // Slow work, not a race: six whole-page axe analyses are CPU-bound, and took most of a minute on a busy machine.
  test.slow();
  await page.goto("/");
  await sendAndWaitForAnswer(page, "Show me a table and some code in markdown please");
  const chatUrl = page.url();
  for (const theme of ["light", "dark"] as const) {
    await inTheme(page, theme);
    expect(await seriousViolations(page), `chat, ${theme}`).toEqual([]);
  }

  const chatId = chatUrl.split("/chat/")[1]!;
  const shared = await page.request.patch(`/api/chat/${chatId}`, { data: { visibility: "public" } });
  expect(shared.status()).toBe(200);
  const visitor = await browser.newContext();
  const sharePage = await visitor.newPage();
  await sharePage.goto(`/share/${chatId}`);
  await expect(sharePage.locator('[data-role="assistant"]')).toHaveCount(1);
  for (const theme of ["light", "dark"] as const) {
    await inTheme(sharePage, theme);
    expect(await seriousViolations(sharePage), `share, ${theme}`).toEqual([]);
  }

  await sharePage.goto("/login");
  await expect(sharePage.getByRole("button", { name: "Sign in" })).toBeVisible();
  for (const theme of ["light", "dark"] as const) {
    await inTheme(sharePage, theme);
    expect(await seriousViolations(sharePage), `login, ${theme}`).toEqual([]);
  }
  await visitor.close();
});
