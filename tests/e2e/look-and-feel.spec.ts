import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type Request, test } from "@playwright/test";
import { closeSidebar, isSmallScreen, looksDark, openSidebar, sendAndWaitForAnswer, sidebar, waitForChatReady } from "./support";

declare global {
  interface Window {
    __firstFrame?: { background: string; dark: boolean };
  }
}

/**
 * Records how dark the first frame that shows the page's body looks, before the page's own scripts could change
 * it: requestAnimationFrame runs just before a frame is painted, and no frame is painted while the page's
 * stylesheets (render-blocking) are still loading. The colour goes through a canvas because browsers write it in
 * whatever space the CSS used (lab, oklch); a body without its background yet counts as light, as it shows.
 */
async function recordFirstFrame(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const look = (): void => {
      if (!document.body) {
        requestAnimationFrame(look);
        return;
      }
      const background = getComputedStyle(document.body).backgroundColor;
      const context = document.createElement("canvas").getContext("2d");
      if (!context) throw new Error("no 2d canvas");
      context.fillStyle = background;
      context.fillRect(0, 0, 1, 1);
      const [r = 255, g = 255, b = 255, alpha = 255] = context.getImageData(0, 0, 1, 1).data;
      window.__firstFrame = { background, dark: alpha > 0 && 0.2126 * r + 0.7152 * g + 0.0722 * b < 100 };
    };
    requestAnimationFrame(look);
  });
}

/** How the first frame looked: its body's background as the browser wrote it, and whether that reads as dark. */
async function firstFrame(page: Page): Promise<{ background: string; dark: boolean } | undefined> {
  return page.evaluate(() => window.__firstFrame);
}

/** Serious and critical WCAG 2.1 AA problems inside the element the selector names. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(selector).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/**
 * Next.js prefetches a link to a dynamic page in two requests: the route's tree (`next-router-segment-prefetch:
 * /_tree`), then the page down to its loading boundary, which carries the skeleton.
 */
function isLoadingStatePrefetch(request: Request, path: string): boolean {
  const headers = request.headers();
  return new URL(request.url()).pathname === path && headers["next-router-prefetch"] === "1" && !headers["next-router-segment-prefetch"];
}

/**
 * Resolves once a loading-state prefetch of `path` has been answered and its body read: to the end, or until the
 * router cut it off (which Chromium reports as a failed request) once it had what it needs.
 */
function loadingStatePrefetchRead(page: Page, path: string): Promise<void> {
  const answered = new Set<Request>();
  return new Promise((resolve) => {
    page.on("response", (response) => {
      if (isLoadingStatePrefetch(response.request(), path)) answered.add(response.request());
    });
    const onDone = (request: Request) => answered.has(request) && resolve();
    page.on("requestfinished", onDone);
    page.on("requestfailed", onDone);
  });
}

test("the theme switch applies at once and is kept; System follows the OS from the first paint", async ({ browser, page }, testInfo) => {
  await recordFirstFrame(page);
  await page.goto("/");
  await expect.poll(() => firstFrame(page)).toMatchObject({ dark: false });
  const nav = await openSidebar(page);
  expect(await looksDark(page)).toBe(false);
  await nav.getByRole("radio", { name: "Dark" }).check();
  await expect.poll(() => looksDark(page)).toBe(true);

  await page.reload();
  expect(await looksDark(page)).toBe(true);
  await expect.poll(() => firstFrame(page)).toMatchObject({ dark: true });
  await expect((await openSidebar(page)).getByRole("radio", { name: "Dark" })).toBeChecked();
  await closeSidebar(page);
  await sendAndWaitForAnswer(page, "Show me a table and some code, in dark mode");
  await page.screenshot({ path: testInfo.outputPath("dark-chat.png") });

  await (await openSidebar(page)).getByRole("radio", { name: "Light" }).check();
  await expect.poll(() => looksDark(page)).toBe(false);

  // A visitor whose OS is dark and who never chose: dark before any script of the page has run.
  const darkOs = await browser.newContext({ colorScheme: "dark", viewport: page.viewportSize() });
  const darkPage = await darkOs.newPage();
  await recordFirstFrame(darkPage);
  const response = await darkPage.goto("/");
  expect(await looksDark(darkPage)).toBe(true);
  await expect.poll(() => firstFrame(darkPage)).toMatchObject({ dark: true });
  await expect((await openSidebar(darkPage)).getByRole("radio", { name: "System" })).toBeChecked();
  // The blocking theme script carries this response's CSP nonce.
  const nonce = /'nonce-([^']+)'/.exec(response?.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const html2 = await (await darkPage.request.get("/")).text();
  expect(html2).toMatch(/<script nonce="[^"]+">\(\(?[^<]*localStorage/);
  await darkOs.close();
});

test("keyboard shortcuts: help, search, sidebar, new chat, composer focus and stop", async ({ page }, testInfo) => {
  await page.goto("/");
  await waitForChatReady(page);

  await page.keyboard.press("ControlOrMeta+/");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("listitem")).toHaveCount(6);
  await expect(help.getByRole("listitem").filter({ hasText: "New chat" })).toContainText(/Ctrl|⌘/);
  await page.screenshot({ path: testInfo.outputPath("shortcuts-dialog.png") });
  // Escape closes it (that it does not also stop an answer: chat.spec.ts, with an answer being written).
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await (await openSidebar(page)).getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help).toBeVisible();
  await help.getByRole("button", { name: "Close" }).click();
  await expect(help).toBeHidden();
  await expect(sidebar(page).getByRole("button", { name: "Keyboard shortcuts" })).toBeFocused();
  await closeSidebar(page);

  await page.keyboard.press("ControlOrMeta+K");
  const search = page.getByRole("dialog", { name: "Search chats" });
  await expect(search.getByRole("searchbox")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(search).toBeHidden();

  const nav = sidebar(page);
  const wasVisible = await nav.isVisible();
  await page.keyboard.press("ControlOrMeta+Shift+S");
  await expect(nav).toBeVisible({ visible: !wasVisible });
  await page.keyboard.press("ControlOrMeta+Shift+S");
  await expect(nav).toBeVisible({ visible: wasVisible });

  await sendAndWaitForAnswer(page, "Tell me about shortcuts");
  await expect(page).toHaveURL(/\/chat\//);
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Shift+Escape");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();

  await page.keyboard.press("ControlOrMeta+Shift+O");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('[data-role="user"]')).toHaveCount(0);
});

test("opening a chat shows a skeleton of the conversation while it loads", async ({ page: firstPage, context }) => {
  await firstPage.goto("/");
  await sendAndWaitForAnswer(firstPage, "Something to come back to");
  const path = new URL(firstPage.url()).pathname;
  await firstPage.close();
  // A page of its own: the chat is in no router cache yet, and no prefetch of the first page is taken for its own.
  const page = await context.newPage();
  // Holds the page's server render back, so the loading state stays on screen long enough to be seen. Routed before
  // the page loads: requests in flight when routing starts may be aborted, the link's prefetch among them.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**${path}*`, async (route) => {
    // Prefetches (which bring the loading state) pass; the navigation's own request waits.
    if (!route.request().headers()["next-router-prefetch"]) await held;
    await route.continue();
  });
  // The link's prefetch brings the loading state along; a click before it has arrived navigates without one. It
  // starts once the link is on screen (at once beside the desktop sidebar, when the drawer opens on small screens).
  const loadingStatePrefetched = loadingStatePrefetchRead(page, path);
  await page.goto("/");
  await waitForChatReady(page);
  const nav = await openSidebar(page);
  await loadingStatePrefetched;
  await nav.locator(`a[href="${path}"]`).click();
  await expect(page.getByRole("status", { name: "Loading the chat" })).toBeVisible();
  release();
  await expect(page.locator('[data-role="user"]')).toHaveText("Something to come back to");
  if (isSmallScreen(page)) await expect(sidebar(page)).toBeHidden();
});

test("axe finds no serious problems in the sidebar, its menu and the dialogs, light and dark", async ({ page }, testInfo) => {
  // Slow work, not a race: eight axe analyses are CPU-bound, and on a busy machine they pass a minute together.
  test.slow();
  await page.goto("/");
  await sendAndWaitForAnswer(page, "A chat for the accessibility check");
  for (const theme of ["Light", "Dark"] as const) {
    const nav = await openSidebar(page);
    await nav.getByRole("radio", { name: theme }).check();
    expect(await axeProblems(page, 'nav[aria-label="Chat history"]'), `sidebar, ${theme}`).toEqual([]);

    const options = nav.getByRole("button", { name: /^Options for / }).first();
    await options.click();
    await expect(page.getByRole("menu")).toBeVisible();
    expect(await axeProblems(page, '[role="menu"]'), `menu, ${theme}`).toEqual([]);
    if (theme === "Dark") await page.screenshot({ path: testInfo.outputPath("menu-dark.png") });
    await page.keyboard.press("Escape");
    await expect(options).toBeFocused();

    await nav.getByRole("button", { name: "Search chats" }).click();
    const search = page.getByRole("dialog", { name: "Search chats" });
    await search.getByRole("searchbox").fill("accessibility");
    await expect(search.getByRole("link")).toHaveCount(1);
    expect(await axeProblems(page, "dialog[open]"), `search, ${theme}`).toEqual([]);
    if (theme === "Dark") await page.screenshot({ path: testInfo.outputPath("search-dark.png") });
    await page.keyboard.press("Escape");

    await nav.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    expect(await axeProblems(page, "dialog[open]"), `shortcuts, ${theme}`).toEqual([]);
    await page.keyboard.press("Escape");
    await closeSidebar(page);
  }
});
