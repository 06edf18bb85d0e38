import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, type TestInfo, test } from "@playwright/test";
import { sendAndWaitForAnswer, useDarkMode, useLightMode } from "./support";

const NOT_SHARED = "This shared chat doesn't exist or is no longer shared";

type OwnerChat = {
  chat: { id: string; title: string };
  messages: { id: string; role: string; parts: { type: string; text?: string }[] }[];
};

function chatIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.match(/^\/chat\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`not on a chat page: ${page.url()}`);
  return id;
}

function textOf(message: OwnerChat["messages"][number]): string {
  return message.parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

async function readOwnerChat(page: Page, chatId: string): Promise<OwnerChat> {
  const response = await page.request.get(`/api/chat/${chatId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as OwnerChat;
}

/** A visitor who never signed in: a new context with no cookies, on the same device as the test's project. */
async function newSignedOutContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
  const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return context;
}

async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Code blocks scroll sideways on narrow screens; making them focusable belongs to the shared Markdown component.
    .disableRules(["scrollable-region-focusable"]);
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("a shared link shows the chat read-only to a signed-out visitor until the owner makes it private", async ({
  page,
  context,
  browser,
}, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const question = "Can a stranger read this shared chat?";
  await sendAndWaitForAnswer(page, question);
  const chatId = chatIdOf(page);
  const owned = await readOwnerChat(page, chatId);
  const answer = textOf(owned.messages.find((message) => message.role === "assistant")!);

  const shareButton = page.getByRole("button", { name: "Share", exact: true });
  await shareButton.click();
  const dialog = page.getByRole("dialog", { name: "Share chat" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Only you can see this chat");
  const createLink = dialog.getByRole("button", { name: "Create link" });
  await expect(createLink).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath("share-dialog-private.png") });

  await createLink.click();
  const linkField = dialog.getByRole("textbox", { name: "Share link" });
  const link = new URL(`/share/${chatId}`, page.url()).href;
  await expect(linkField).toHaveValue(link);
  await expectNoAxeViolations(page, "dialog");
  await expect(dialog).toContainText("Anyone with the link can read this chat");
  await dialog.getByRole("button", { name: "Copy link" }).click();
  await expect(dialog.getByRole("button", { name: "Copy link" })).toHaveAttribute("title", "Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.screenshot({ path: testInfo.outputPath("share-dialog-public.png") });
  await useDarkMode(page);
  await page.screenshot({ path: testInfo.outputPath("share-dialog-public-dark.png") });
  await useLightMode(page);
  expect((await readOwnerChat(page, chatId)).chat).toMatchObject({ id: chatId });

  const visitorContext = await newSignedOutContext(browser, testInfo);
  const visitor = await visitorContext.newPage();
  const pageErrors: string[] = [];
  visitor.on("pageerror", (error) => pageErrors.push(error.message));
  visitor.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  const response = await visitor.goto(link);
  expect(response?.status()).toBe(200);
  expect(response?.request().redirectedFrom()).toBeNull();
  expect(visitor.url()).toBe(link);
  await expect(visitor.getByRole("heading", { level: 1, name: owned.chat.title })).toBeVisible();
  await expect(visitor).toHaveTitle(owned.chat.title);
  await expect(visitor.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(visitor.getByText(/^Shared conversation · /).first()).toBeVisible();
  await expect(visitor.locator('[data-role="user"]')).toHaveText(question);
  await expect(visitor.locator('[data-role="assistant"]')).toContainText("To chat with a real model");
  await expect(visitor.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await expect(visitor.getByRole("button", { name: "Share", exact: true })).toHaveCount(0);
  await expect(visitor.getByRole("link", { name: "Start your own chat" }).first()).toHaveAttribute("href", "/");
  // The page works without a session and does not start one.
  expect(await visitorContext.cookies()).toEqual([]);
  await expectNoHorizontalScroll(visitor);
  await expectNoAxeViolations(visitor);
  await visitor.screenshot({ path: testInfo.outputPath("shared-page-light.png"), fullPage: true });
  await useDarkMode(visitor);
  await expectNoAxeViolations(visitor);
  await visitor.screenshot({ path: testInfo.outputPath("shared-page-dark.png"), fullPage: true });
  await useLightMode(visitor);
  const viewport = visitor.viewportSize();
  await visitor.setViewportSize({ width: 360, height: 720 });
  await expectNoHorizontalScroll(visitor);
  if (viewport) await visitor.setViewportSize(viewport);
  // Copy proves the page hydrated under the nonce CSP.
  await visitor.getByRole("button", { name: "Copy message" }).click();
  expect(await visitor.evaluate(() => navigator.clipboard.readText())).toBe(answer);

  await dialog.getByRole("button", { name: "Make private" }).click();
  await expect(dialog.getByRole("button", { name: "Create link" })).toBeFocused();
  await expect(dialog.getByRole("textbox", { name: "Share link" })).toHaveCount(0);
  const revoked = await visitor.reload();
  expect(revoked?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: NOT_SHARED })).toBeVisible();
  await expect(visitor.getByText(question)).toHaveCount(0);
  await expectNoHorizontalScroll(visitor);
  await expectNoAxeViolations(visitor);
  await visitor.screenshot({ path: testInfo.outputPath("shared-404-light.png") });
  await useDarkMode(visitor);
  await visitor.screenshot({ path: testInfo.outputPath("shared-404-dark.png") });
  await useLightMode(visitor);

  // The owner can share again: the same link works again.
  await dialog.getByRole("button", { name: "Create link" }).click();
  await expect(dialog.getByRole("textbox", { name: "Share link" })).toHaveValue(link);
  await visitor.reload();
  await expect(visitor.locator('[data-role="user"]')).toHaveText(question);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(shareButton).toBeFocused();
  expect(pageErrors).toEqual([]);
  await visitorContext.close();
});

test("the shared page shows the latest branch of an edited chat, not the version it replaced", async ({ page, browser }, testInfo) => {
  await page.goto("/");
  const original = "The first version of my question";
  await sendAndWaitForAnswer(page, original);
  const chatId = chatIdOf(page);
  // An edit of the first message: a sibling of it, answered on its own branch.
  const edited = "The edited version of my question";
  const editResponse = await page.request.post("/api/chat", {
    data: { id: chatId, message: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text: edited }] }, parentId: null },
  });
  expect(editResponse.status()).toBe(200);
  await editResponse.body();
  expect((await page.request.patch(`/api/chat/${chatId}`, { data: { visibility: "public" } })).status()).toBe(200);

  const visitorContext = await newSignedOutContext(browser, testInfo);
  const visitor = await visitorContext.newPage();
  await visitor.goto(new URL(`/share/${chatId}`, page.url()).href);
  await expect(visitor.locator('[data-role="user"]')).toHaveText([edited]);
  await expect(visitor.locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(visitor.locator('[data-role="assistant"]')).toContainText(edited);
  await expect(visitor.getByText(original)).toHaveCount(0);
  await visitorContext.close();
});

test("a failed share shows the error in the dialog, and Retry creates the link", async ({ page }, testInfo) => {
  await page.goto("/");
  await sendAndWaitForAnswer(page, "Share me when the server recovers");
  const chatId = chatIdOf(page);
  let failures = 0;
  await page.route(`**/api/chat/${chatId}`, async (route) => {
    if (route.request().method() !== "PATCH" || failures > 0) return route.fallback();
    failures += 1;
    await route.fulfill({
      status: 503,
      json: { error: { code: "service_unavailable", message: "The database is not answering." } },
    });
  });

  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share chat" });
  await dialog.getByRole("button", { name: "Create link" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("The link could not be created. The database is not answering.");
  await page.screenshot({ path: testInfo.outputPath("share-dialog-error.png") });
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(dialog.getByRole("textbox", { name: "Share link" })).toHaveValue(new URL(`/share/${chatId}`, page.url()).href);
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  expect(failures).toBe(1);
});

test("a link to an unknown or malformed chat shows the not-shared page", async ({ page }, testInfo) => {
  for (const path of ["/share/00000000-0000-4000-8000-000000000000", "/share/not-a-chat"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: NOT_SHARED })).toBeVisible();
    await expect(page).toHaveTitle("Shared chat not found");
  }
  expect(await page.context().cookies()).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("shared-404-unknown.png") });
});

test("the chat options menu is keyboard operable", async ({ page }, testInfo) => {
  await page.goto("/");
  await sendAndWaitForAnswer(page, "Menu keyboard check");
  const optionsButton = page.getByRole("button", { name: "Chat options" });
  await optionsButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Chat options" });
  const markdown = menu.getByRole("menuitem", { name: "Download Markdown" });
  const json = menu.getByRole("menuitem", { name: "Download JSON" });
  await expect(markdown).toBeFocused();
  await expect(optionsButton).toHaveAttribute("aria-expanded", "true");
  await page.screenshot({ path: testInfo.outputPath("options-menu.png") });
  await expectNoAxeViolations(page, '[role="menu"]');
  const box = await menu.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= (page.viewportSize()?.width ?? 0)).toBe(true);
  await page.keyboard.press("ArrowDown");
  await expect(json).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(markdown).toBeFocused();
  await page.keyboard.press("End");
  await expect(json).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(optionsButton).toBeFocused();
  await expect(optionsButton).toHaveAttribute("aria-expanded", "false");

  await page.keyboard.press("ArrowUp");
  await expect(json).toBeFocused();
  await page.mouse.click(5, 300);
  await expect(menu).toBeHidden();
});

test("exports a chat as Markdown and JSON, and the JSON imports as a new chat", async ({ page }, testInfo) => {
  await page.goto("/");
  const question = "Please export this conversation";
  await sendAndWaitForAnswer(page, question);
  const chatId = chatIdOf(page);
  const owned = await readOwnerChat(page, chatId);
  const answer = textOf(owned.messages.find((message) => message.role === "assistant")!);

  const download = async (name: string) => {
    await page.getByRole("button", { name: "Chat options" }).click();
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menu", { name: "Chat options" }).getByRole("menuitem", { name }).click(),
    ]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
  };

  const markdown = await download("Download Markdown");
  expect(markdown.name).toMatch(/\.md$/);
  expect(markdown.text).toContain(owned.chat.title);
  expect(markdown.text).toContain(question);
  expect(markdown.text).toContain(answer.split("\n").at(-1));

  const json = await download("Download JSON");
  expect(json.name).toMatch(/\.json$/);
  const exported = JSON.parse(json.text) as { chat: { title: string }; messages: OwnerChat["messages"] };
  expect(exported.chat.title).toBe(owned.chat.title);
  expect(exported.messages.map(textOf)).toEqual([question, answer]);
  await testInfo.attach("export.json", { body: json.text, contentType: "application/json" });

  const imported = await page.request.post("/api/chats/import", { data: exported });
  expect(imported.status()).toBe(201);
  const { chat } = (await imported.json()) as { chat: { id: string } };
  expect(chat.id).not.toBe(chatId);
  await page.goto(`/chat/${chat.id}`);
  await expect(page.locator('[data-role="user"]')).toHaveText(question);
  await expect(page.locator('[data-role="assistant"]')).toContainText("To chat with a real model");
});
