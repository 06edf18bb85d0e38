import { expect, type Page, test } from "@playwright/test";
import { closeSidebar, isSmallScreen, openSidebar, sendAndWaitForAnswer, sidebar, signUp, startNewChat, uniqueEmail } from "./support";

const PASSWORD = "correct horse battery";

/** Sends the first message of a new chat and returns the chat's path, /chat/<id>. */
async function chatAbout(page: Page, text: string): Promise<string> {
  await sendAndWaitForAnswer(page, text);
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** Creates chats through the API with the page's session, as fast as the server takes them. */
async function seedChats(page: Page, prefix: string, count: number): Promise<void> {
  await page.evaluate(
    async ({ prefix, count }) => {
      const send = async (index: number) => {
        const response = await fetch("/api/chat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            id: crypto.randomUUID(),
            message: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text: `${prefix} ${index}` }] },
            parentId: null,
          }),
        });
        if (!response.ok) throw new Error(`seeding chat ${index}: HTTP ${response.status}`);
        await response.text();
      };
      await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
    },
    { prefix, count },
  );
}

test("new chats appear under Today at once, newest first, with the open one marked", async ({ page }, testInfo) => {
  await page.goto("/");
  const first = await chatAbout(page, "Plan a weekend in Lisbon with a small budget");
  let nav = await openSidebar(page);
  const today = nav.getByRole("region", { name: "Today" });
  await expect(today.locator(`a[href="${first}"]`)).toHaveAttribute("aria-current", "page");
  await closeSidebar(page);

  await startNewChat(page);
  const second = await chatAbout(page, "Compare merge sort and quicksort");
  nav = await openSidebar(page);
  const links = today.getByRole("link");
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute("href", second);
  await expect(links.nth(0)).toHaveAttribute("aria-current", "page");
  await expect(links.nth(1)).toHaveAttribute("href", first);
  await expect(links.nth(1)).not.toHaveAttribute("aria-current", /.*/);
  await page.screenshot({ path: testInfo.outputPath(isSmallScreen(page) ? "drawer-open.png" : "sidebar-light.png") });

  await nav.getByRole("radio", { name: "Dark" }).check();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: testInfo.outputPath(isSmallScreen(page) ? "drawer-open-dark.png" : "sidebar-dark.png") });

  // Following a link opens that chat (and closes the drawer on small screens).
  await today.locator(`a[href="${first}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${first}$`));
  await expect(page.locator('[data-role="user"]').first()).toHaveText("Plan a weekend in Lisbon with a small budget");
  await expect(sidebar(page)).toBeVisible({ visible: !isSmallScreen(page) });
});

test("older chats load as the history scrolls", async ({ page }, testInfo) => {
  await signUp(page, uniqueEmail(`history-${testInfo.project.name}`), PASSWORD);
  await seedChats(page, "Seeded chat number", 34);
  await page.goto("/");
  const nav = await openSidebar(page);
  const chatLinks = nav.locator('a[href^="/chat/"]');
  // The server renders the first page of 30; the rest arrive when the end of the list comes into view.
  await expect(chatLinks).toHaveCount(30);
  // The first try fails: the error shows in place, and Retry loads the page.
  let failures = 1;
  await page.route("**/api/chats?*cursor=*", (route) =>
    failures-- > 0
      ? route.fulfill({ status: 503, json: { error: { code: "database_unavailable", message: "The database is not answering." } } })
      : route.continue(),
  );
  await chatLinks.last().scrollIntoViewIfNeeded();
  const failure = nav.getByRole("alert");
  await expect(failure).toContainText("The database is not answering.");
  await failure.getByRole("button", { name: "Retry" }).click();
  await expect(chatLinks).toHaveCount(34);
  await expect(failure).toHaveCount(0);
  const titles = await chatLinks.allInnerTexts();
  expect(new Set(titles).size).toBe(34);
  await page.screenshot({ path: testInfo.outputPath("history-registered.png") });
});

test("a chat is renamed in place; Enter saves, Escape cancels, and the name stays after a reload", async ({ page }) => {
  await page.goto("/");
  const path = await chatAbout(page, "Explain how tides work");
  let nav = await openSidebar(page);
  const link = nav.locator(`a[href="${path}"]`);
  const oldTitle = (await link.innerText()).trim();

  await link.hover();
  await nav.getByRole("button", { name: `Options for ${oldTitle}` }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  const input = nav.getByRole("textbox", { name: "Chat title" });
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(oldTitle);
  // The server refuses once: the old name comes back, with the reason and a Retry.
  let failures = 1;
  await page.route(`**/api${path}`, (route) =>
    route.request().method() === "PATCH" && failures-- > 0
      ? route.fulfill({ status: 503, json: { error: { code: "database_unavailable", message: "The database is not answering." } } })
      : route.continue(),
  );
  await input.fill("Tides, explained");
  await input.press("Enter");
  const failure = nav.getByRole("alert");
  await expect(failure).toContainText("The database is not answering.");
  await expect(link).toHaveText(oldTitle);
  await failure.getByRole("button", { name: "Retry" }).click();
  await expect(link).toHaveText("Tides, explained");
  await expect(failure).toHaveCount(0);
  // The chat's own header hears about it too.
  await expect(page.locator("header h1")).toHaveText("Tides, explained");

  // From the keyboard: the options button opens the menu with arrows; Escape closes it and cancels a rename.
  const options = nav.getByRole("button", { name: "Options for Tides, explained" });
  await options.focus();
  await options.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Rename" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(options).toBeFocused();
  await options.press("Enter");
  await page.getByRole("menuitem", { name: "Rename" }).press("Enter");
  await input.fill("Not this name");
  await input.press("Escape");
  await expect(link).toHaveText("Tides, explained");

  await page.reload();
  nav = await openSidebar(page);
  await expect(nav.locator(`a[href="${path}"]`)).toHaveText("Tides, explained");
});

test("deleting asks first, removes the chat for good, and leaves an open chat for a new one", async ({ page }, testInfo) => {
  await page.goto("/");
  const kept = await chatAbout(page, "Suggest names for a grey cat");
  await startNewChat(page);
  const doomed = await chatAbout(page, "Write a haiku about autumn rain");
  let nav = await openSidebar(page);
  const doomedLink = nav.locator(`a[href="${doomed}"]`);
  const title = (await doomedLink.innerText()).trim();

  const options = nav.getByRole("button", { name: `Options for ${title}` });
  await options.click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete chat?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(title);
  await page.screenshot({ path: testInfo.outputPath("delete-dialog.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(options).toBeFocused();
  await expect(doomedLink).toBeVisible();

  // It is the open chat: once deleted, a new chat takes its place.
  await options.click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/$/);
  nav = await openSidebar(page);
  await expect(nav.locator(`a[href="${doomed}"]`)).toHaveCount(0);
  await expect(nav.locator(`a[href="${kept}"]`)).toBeVisible();
  expect((await page.goto(doomed))?.status()).toBe(404);
});

test("search finds chats by title and by words only in their messages, from the keyboard too", async ({ page }, testInfo) => {
  await page.goto("/");
  const byTitle = await chatAbout(page, "Lisbon itinerary ideas");
  await startNewChat(page);
  const byContent = await chatAbout(page, "Bread recipe ideas: mention the word zanzibar");

  await page.keyboard.press("ControlOrMeta+K");
  const dialog = page.getByRole("dialog", { name: "Search chats" });
  const input = dialog.getByRole("searchbox", { name: "Search chats" });
  await expect(input).toBeFocused();

  await input.fill("lisbon");
  const results = dialog.getByRole("list", { name: "Search results" }).getByRole("link");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute("href", byTitle);

  await input.fill("ZANZIBAR");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute("href", byContent);
  await expect(results.first().locator("mark").first()).toHaveText(/zanzibar/i);
  await page.screenshot({ path: testInfo.outputPath("search-dialog.png") });

  await input.fill("no chat says qwxzv");
  await expect(dialog.getByText("No chats found")).toBeVisible();

  await input.fill("lisbon");
  await expect(results.first()).toHaveAttribute("href", byTitle);
  await input.press("ArrowDown");
  await expect(results.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${byTitle}$`));
  await expect(dialog).toBeHidden();

  // The sidebar's button opens the same dialog; Escape closes it.
  await (await openSidebar(page)).getByRole("button", { name: "Search chats" }).click();
  await expect(input).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("a JSON export imports as a new chat; a file that is not one says why", async ({ page }) => {
  await page.goto("/");
  const original = await chatAbout(page, "Checklist for moving house");
  const exported = await page.evaluate(async (path) => {
    const response = await fetch(`/api/chat/${path.split("/").pop()}/export?format=json`);
    return response.text();
  }, original);

  const nav = await openSidebar(page);
  await nav.getByLabel("Import chat").setInputFiles({ name: "not-a-chat.json", mimeType: "application/json", buffer: Buffer.from("{ nope") });
  await expect(nav.getByRole("alert")).toContainText("not valid JSON");
  await nav.getByLabel("Import chat").setInputFiles({ name: "wrong.json", mimeType: "application/json", buffer: Buffer.from('{"hello":"world"}') });
  await expect(nav.getByRole("alert")).toBeVisible();
  await expect(nav.getByRole("alert")).not.toContainText("not valid JSON");
  await nav.getByRole("button", { name: "Dismiss" }).click();
  await expect(nav.getByRole("alert")).toHaveCount(0);

  await nav.getByLabel("Import chat").setInputFiles({ name: "chat.json", mimeType: "application/json", buffer: Buffer.from(exported) });
  await expect(page).not.toHaveURL(new RegExp(`${original}$`));
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const imported = new URL(page.url()).pathname;
  await expect(page.locator('[data-role="user"]').first()).toHaveText("Checklist for moving house");
  await expect(page.locator('[data-role="assistant"]').first()).toContainText("To chat with a real model");
  const today = (await openSidebar(page)).getByRole("region", { name: "Today" });
  await expect(today.getByRole("link").first()).toHaveAttribute("href", imported);
});

test("the sidebar collapses on desktop and remembers it; on small screens it is a drawer", async ({ page }, testInfo) => {
  await page.goto("/");
  await chatAbout(page, "Short question about the moon");
  const nav = sidebar(page);

  if (!isSmallScreen(page)) {
    await nav.getByRole("button", { name: "Close sidebar" }).click();
    await expect(nav).toBeHidden();
    await page.reload();
    // The layout read the cookie: collapsed from the first paint.
    await expect(nav).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("collapsed-rail.png") });
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await expect(nav).toBeVisible();
    await page.reload();
    await expect(nav).toBeVisible();
    return;
  }

  await expect(nav).toBeHidden();
  await openSidebar(page);
  await expect(nav.getByRole("button", { name: "Close sidebar" })).toBeFocused();
  const box = await nav.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(width * 0.8);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await page.screenshot({ path: testInfo.outputPath("drawer-moon.png") });

  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();

  await openSidebar(page);
  // The backdrop: a tap beside the drawer closes it.
  await page.mouse.click(width - 10, 300);
  await expect(nav).toBeHidden();

  await page.setViewportSize({ width: 360, height: 740 });
  await openSidebar(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await nav.getByRole("link", { name: "New chat" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(nav).toBeHidden();
});
