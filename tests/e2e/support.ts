import { type APIRequestContext, expect, type Locator, type Page } from "@playwright/test";

/** Long enough for a whole demo answer to stream in on a busy machine (markdown.spec.ts waits as long for one). */
const ANSWER_STREAMED_TIMEOUT_MS = 30_000;

/** Sends a message from the composer and waits until the demo answer has finished streaming. */
export async function sendAndWaitForAnswer(page: Page, text: string): Promise<void> {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page.locator('[data-role="user"]').last()).toHaveText(text);
  // Slow work, not a race: the whole answer streams in (some 170 words, 10 ms apart, each re-rendering the message),
  // which takes several seconds when the machine is busy.
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("To chat with a real model", { timeout: ANSWER_STREAMED_TIMEOUT_MS });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
}

export function uniqueEmail(tag: string): string {
  return `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function fillCredentials(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
}

/** Below 768px the sidebar is a drawer over the page, closed until the header's toggle opens it. */
export function isSmallScreen(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) < 768;
}

export function sidebar(page: Page): Locator {
  return page.getByRole("navigation", { name: "Chat history" });
}

/**
 * Whether the sidebar is open for the user: on small screens the drawer's own flag, since a closing drawer stays
 * visible while it slides out (and a busy machine may take a while to finish that). One query that does not wait: a
 * role locator's count and then its attribute would race the end of the slide, when the drawer leaves the
 * accessibility tree and the attribute read waits for a drawer that is gone.
 */
async function isSidebarOpen(page: Page, nav: Locator): Promise<boolean> {
  if (!isSmallScreen(page)) return nav.isVisible();
  return (await page.locator('nav[aria-label="Chat history"][data-drawer-open="true"]').count()) > 0;
}

/** Shows the sidebar and returns it: the drawer on small screens (the header's toggle), the rail's button when collapsed. */
export async function openSidebar(page: Page): Promise<Locator> {
  const nav = sidebar(page);
  const opener = page.getByRole("button", { name: isSmallScreen(page) ? "Toggle sidebar" : "Open sidebar" });
  // The page may still be loading (a new guest session, say): wait for one or the other.
  await expect(nav.or(opener).first()).toBeVisible();
  if (!(await isSidebarOpen(page, nav))) {
    // Bounded, so that a page replaced meanwhile (a new guest session) makes the caller's retry start over.
    await opener.click({ timeout: 5_000 });
  }
  await expect(nav).toBeVisible();
  if (isSmallScreen(page)) await expect(nav).toHaveAttribute("data-drawer-open", "true");
  return nav;
}

/** Closes the drawer on small screens, so the page under it takes clicks again; the desktop sidebar stays. */
export async function closeSidebar(page: Page): Promise<void> {
  const nav = sidebar(page);
  if (!isSmallScreen(page)) return;
  if (await isSidebarOpen(page, nav)) await nav.getByRole("button", { name: "Close sidebar" }).click();
  // Closed once it has slid out: until then it covers the page.
  await expect(nav).toBeHidden();
}

/** Starts a new chat from the sidebar. */
export async function startNewChat(page: Page): Promise<void> {
  await (await openSidebar(page)).getByRole("link", { name: "New chat" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(sidebar(page)).toBeVisible({ visible: !isSmallScreen(page) });
}

/** Waits until the account area of the sidebar shows the signed-in user (a reload or a new guest may come first). */
async function expectAccountControl(page: Page, name: "Sign out" | "Sign in"): Promise<void> {
  await expect(async () => {
    const nav = await openSidebar(page);
    const role = name === "Sign out" ? "button" : "link";
    await expect(nav.getByRole(role, { name, exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await closeSidebar(page);
}

export async function signUp(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/register");
  await fillCredentials(page, email, password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).not.toHaveURL(/\/register/);
  await expectAccountControl(page, "Sign out");
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await fillCredentials(page, email, password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expectAccountControl(page, "Sign out");
}

export async function signOut(page: Page): Promise<void> {
  const signOutButton = (await openSidebar(page)).getByRole("button", { name: "Sign out" });
  await signOutButton.click();
  await expect(signOutButton).toHaveCount(0);
  await expectAccountControl(page, "Sign in");
}

export async function expectSignedIn(page: Page): Promise<void> {
  await expectAccountControl(page, "Sign out");
}

/** After the account is gone (signed out, deleted), a new guest session shows Sign in in the sidebar. */
export async function expectSignedOut(page: Page): Promise<void> {
  await expectAccountControl(page, "Sign in");
}

const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** The second app of playwright.config.ts: no demo models, its custom provider streams from the fake AI server. */
export const PROVIDERS_APP_URL = `http://127.0.0.1:${E2E_PORT + 3}`;
/** The fake AI server's control endpoints (tests/support/fake-ai-cli.ts). */
export const FAKE_AI_URL = `http://127.0.0.1:${E2E_PORT + 2}`;

/** "hold" makes the next Fake Held answer stop after its first four words until "release". */
export async function fakeAiControl(request: APIRequestContext, action: "hold" | "release"): Promise<void> {
  const response = await request.post(`${FAKE_AI_URL}/control/${action}`);
  expect(response.ok()).toBe(true);
}

/** Picks a model in the composer's picker (the page must have hydrated: the composer has focus). */
export async function pickModel(page: Page, label: string): Promise<void> {
  const picker = page.getByRole("combobox", { name: "Model" });
  await picker.click();
  await page.getByRole("listbox", { name: "Model" }).getByRole("option", { name: new RegExp(`^${label}`) }).click();
  await expect(page.getByRole("listbox", { name: "Model" })).toBeHidden();
  await expect(picker).toHaveText(label);
}

/** The composer takes focus once React has hydrated the page: from then on the page reacts to clicks and keys. */
export async function waitForChatReady(page: Page): Promise<void> {
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
}

/** Whether the page reads as dark: the luminance of the body's background, as the reader sees it. */
export async function looksDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const [r = 255, g = 255, b = 255] = (getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
  });
}

/** Dark mode as a reader whose OS is dark and who never chose would see it, without a reload. */
export async function useDarkMode(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

export async function useLightMode(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
}
