import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, type TestInfo, test } from "@playwright/test";
import { fillCredentials, sendAndWaitForAnswer, uniqueEmail } from "./support";

const ANSWER_END = "To chat with a real model";

function composerOf(page: Page): Locator {
  return page.getByRole("textbox", { name: "Message" });
}

/** The composer takes focus once React has hydrated: from then on clicks and keys reach the chat. */
async function openNewChat(page: Page): Promise<void> {
  await page.goto("/");
  await expect(composerOf(page)).toBeFocused();
}

/** A registered user has 200 messages a day; a guest only 3. Independent of where the account links live. */
async function signUpAndOpenChat(page: Page, testInfo: TestInfo): Promise<void> {
  await page.goto("/register");
  await fillCredentials(page, uniqueEmail(`messages-${testInfo.project.name}`), "correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(composerOf(page)).toBeFocused();
}

/** A message's block: its bubble or answer and the row of actions under it. */
function messageBlock(page: Page, role: "user" | "assistant", index: number): Locator {
  return page.locator(`[data-role="${role}"]`).nth(index).locator("xpath=..");
}

async function useDarkMode(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Code blocks scroll sideways on narrow screens; making them focusable belongs to the shared Markdown component.
    .disableRules(["scrollable-region-focusable"])
    .analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

function distanceFromBottom(page: Page): Promise<number> {
  return page.getByTestId("chat-scroller").evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
}

test("copies a question and an answer to the clipboard", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openNewChat(page);
  const question = "How do tides work?";
  await sendAndWaitForAnswer(page, question);

  const answerBlock = messageBlock(page, "assistant", 0);
  await answerBlock.hover();
  await shoot(page, testInfo, "answered-with-actions");
  await expectNoAxeViolations(page);
  await useDarkMode(page);
  await answerBlock.hover();
  await shoot(page, testInfo, "answered-with-actions-dark");
  await expectNoAxeViolations(page);

  const copyQuestion = messageBlock(page, "user", 0).getByRole("button", { name: "Copy message" });
  await copyQuestion.click();
  await expect(copyQuestion).toHaveAttribute("title", "Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(question);

  await answerBlock.getByRole("button", { name: "Copy message" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(ANSWER_END);
  // The Markdown source is copied, not the rendered text.
  expect(copied).toContain("```ts");
});

test("thumbs up or down on an answer are saved and shown again after a reload", async ({ page }) => {
  await openNewChat(page);
  await sendAndWaitForAnswer(page, "Rate this answer");
  const good = page.getByRole("button", { name: "Good response" });
  const bad = page.getByRole("button", { name: "Bad response" });
  await expect(good).toHaveAttribute("aria-pressed", "false");

  const savedUp = page.waitForResponse((response) => response.url().endsWith("/votes") && response.request().method() === "PUT");
  await good.click();
  expect((await savedUp).ok()).toBe(true);
  await expect(good).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(good).toHaveAttribute("aria-pressed", "true");
  await expect(bad).toHaveAttribute("aria-pressed", "false");

  const savedDown = page.waitForResponse((response) => response.url().endsWith("/votes") && response.request().method() === "PUT");
  await bad.click();
  expect((await savedDown).ok()).toBe(true);
  await page.reload();
  await expect(bad).toHaveAttribute("aria-pressed", "true");
  await expect(good).toHaveAttribute("aria-pressed", "false");
});

test("Regenerate adds a second version of the answer; both stay reachable after a reload", async ({ page }, testInfo) => {
  await openNewChat(page);
  await sendAndWaitForAnswer(page, "Why is the sky blue?");
  const answer = page.locator('[data-role="assistant"]');
  await expect(answer.locator("details")).toHaveCount(0);

  // The second version comes from the reasoning model, so the two can be told apart.
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: /^Demo Reasoning/ }).click();
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(answer).toHaveCount(1);
  await expect(answer.locator("details summary")).toHaveText("Thinking");
  await expect(answer).toContainText(ANSWER_END);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  const versions = messageBlock(page, "assistant", 0).getByRole("group", { name: "Versions" });
  await expect(versions).toContainText("2/2");
  await expect(versions.getByRole("button", { name: "Next version" })).toBeDisabled();
  await shoot(page, testInfo, "version-switcher");
  await useDarkMode(page);
  await shoot(page, testInfo, "version-switcher-dark");
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(versions).toContainText("1/2");
  await expect(answer.locator("details")).toHaveCount(0);
  await expect(answer).toContainText(ANSWER_END);

  await page.reload();
  await expect(versions).toContainText("2/2");
  await expect(answer.locator("details summary")).toHaveText("Thinking");
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(versions).toContainText("1/2");
  await expect(answer.locator("details")).toHaveCount(0);
  await expect(page.locator('[data-role="user"]')).toHaveText(["Why is the sky blue?"]);
});

test("editing an earlier question starts a new branch; the old question and its answers stay as version 1", async ({ page }, testInfo) => {
  await signUpAndOpenChat(page, testInfo);
  await sendAndWaitForAnswer(page, "first question");
  await sendAndWaitForAnswer(page, "second question");
  const questions = page.locator('[data-role="user"]');
  await expect(questions).toHaveText(["first question", "second question"]);

  await messageBlock(page, "user", 0).getByRole("button", { name: "Edit message" }).click();
  const editor = page.getByRole("form", { name: "Edit your message" });
  const edited = editor.getByRole("textbox", { name: "Edited message" });
  await expect(edited).toHaveValue("first question");
  await expect(edited).toBeFocused();
  await shoot(page, testInfo, "edit-mode");
  await useDarkMode(page);
  await shoot(page, testInfo, "edit-mode-dark");
  // Cancel leaves everything as it was.
  await editor.getByRole("button", { name: "Cancel" }).click();
  await expect(questions).toHaveText(["first question", "second question"]);

  await messageBlock(page, "user", 0).getByRole("button", { name: "Edit message" }).click();
  await edited.fill("first question, edited");
  await editor.getByRole("button", { name: "Send" }).click();
  await expect(questions).toHaveText(["first question, edited"]);
  const answers = page.locator('[data-role="assistant"]');
  await expect(answers).toHaveCount(1);
  await expect(answers).toContainText("first question, edited");
  await expect(answers).toContainText(ANSWER_END);

  const versions = messageBlock(page, "user", 0).getByRole("group", { name: "Versions" });
  await expect(versions).toContainText("2/2");
  await page.getByTestId("chat-scroller").evaluate((element) => element.scrollTo({ top: 0 }));
  await shoot(page, testInfo, "edited-branch-dark");
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(versions).toContainText("1/2");
  await expect(questions).toHaveText(["first question", "second question"]);
  await expect(answers.first()).not.toContainText("edited");
  await expect(answers).toHaveCount(2);

  await page.reload();
  await expect(questions).toHaveText(["first question, edited"]);
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(questions).toHaveText(["first question", "second question"]);
  await versions.getByRole("button", { name: "Next version" }).click();
  await expect(questions).toHaveText(["first question, edited"]);
});

test("a long answer keeps its newest words in view until the reader scrolls up", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: testInfo.project.name === "mobile" ? 360 : 900, height: 520 });
  await openNewChat(page);
  const longPrompt = Array.from({ length: 60 }, (_, index) => `line ${index + 1}`).join("\n");
  await sendAndWaitForAnswer(page, longPrompt);
  const scrollToBottom = page.getByRole("button", { name: "Scroll to bottom" });
  // The answer grew far below the fold while it streamed; the view followed it to its last line.
  await expect.poll(() => distanceFromBottom(page)).toBeLessThan(2);
  await expect(scrollToBottom).toBeHidden();

  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: /^Demo Reasoning/ }).click();
  await composerOf(page).fill(longPrompt);
  await composerOf(page).press("Enter");
  await expect(page.locator('[data-role="assistant"]').nth(1).locator("details")).toBeVisible();
  const scroller = page.getByTestId("chat-scroller");
  const box = await scroller.boundingBox();
  if (!box) throw new Error("the message list is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -600);
  await expect(scrollToBottom).toBeVisible();
  const scrolledTo = await scroller.evaluate((element) => element.scrollTop);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page.locator('[data-role="assistant"]').nth(1)).toContainText(ANSWER_END);
  // The rest of the answer arrived below without pulling the reader down.
  expect(Math.abs((await scroller.evaluate((element) => element.scrollTop)) - scrolledTo)).toBeLessThan(2);
  expect(await distanceFromBottom(page)).toBeGreaterThan(300);
  await shoot(page, testInfo, "scrolled-up");

  await scrollToBottom.click();
  await expect.poll(() => distanceFromBottom(page)).toBeLessThan(2);
  await expect(scrollToBottom).toBeHidden();
});

test("the composer grows with Shift+Enter lines up to a limit, and Enter sends", async ({ page }) => {
  await openNewChat(page);
  const composer = composerOf(page);
  const heightOf = async () => (await composer.boundingBox())?.height ?? 0;
  const oneLine = await heightOf();

  await composer.pressSequentially("line 1");
  for (const line of ["line 2", "line 3"]) {
    await composer.press("Shift+Enter");
    await composer.pressSequentially(line);
  }
  const threeLines = await heightOf();
  expect(threeLines).toBeGreaterThan(oneLine + 30);

  for (let line = 4; line <= 20; line += 1) {
    await composer.press("Shift+Enter");
    await composer.pressSequentially(`line ${line}`);
  }
  const capped = await heightOf();
  expect(capped).toBeGreaterThan(threeLines);
  await composer.press("Shift+Enter");
  await composer.pressSequentially("line 21");
  expect(await heightOf()).toBe(capped);
  expect(await composer.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);

  // The focus-composer shortcut brings the caret back after the reader clicked elsewhere.
  await page.getByRole("heading", { level: 1 }).click();
  await expect(composer).not.toBeFocused();
  await page.evaluate(() => window.dispatchEvent(new CustomEvent("chatbot:focus-composer", { detail: {} })));
  await expect(composer).toBeFocused();

  await composer.press("Enter");
  await expect(page.locator('[data-role="user"]')).toContainText("line 1");
  await expect(page.locator('[data-role="user"]')).toContainText("line 21");
  await expect(composer).toHaveValue("");
  await expect.poll(heightOf).toBe(oneLine);
  await expect(page.locator('[data-role="assistant"]')).toContainText(ANSWER_END);
});

test("an empty chat suggests prompts; clicking one sends it", async ({ page }, testInfo) => {
  await openNewChat(page);
  const suggestions = page.getByRole("list", { name: "Suggested prompts" }).getByRole("button");
  await expect(suggestions).toHaveCount(testInfo.project.name === "mobile" ? 2 : 4);
  await shoot(page, testInfo, "empty-chat");
  await expectNoAxeViolations(page);
  await useDarkMode(page);
  await shoot(page, testInfo, "empty-chat-dark");
  await expectNoAxeViolations(page);

  await suggestions.filter({ hasText: "Explain a concept" }).click();
  await expect(page.locator('[data-role="user"]')).toHaveText("Explain quantum computing like I'm new to it.");
  await expect(page.locator('[data-role="assistant"]')).toContainText(ANSWER_END);
  await expect(page.getByRole("list", { name: "Suggested prompts" })).toBeHidden();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
});

test("the header shows the first message as the title, then the generated one, without a reload", async ({ page }) => {
  await openNewChat(page);
  await page.evaluate(() => {
    const saved: unknown[] = [];
    (window as unknown as { savedEvents: unknown[] }).savedEvents = saved;
    window.addEventListener("chatbot:chat-saved", (event) => saved.push((event as CustomEvent).detail));
  });
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toHaveText("New chat");

  const firstLine = "Plan a picnic for six people in the park";
  await composerOf(page).fill(`${firstLine}\nwith sandwiches and games`);
  await composerOf(page).press("Enter");
  await expect(page.locator('[data-role="assistant"]')).toContainText(ANSWER_END);
  const chatId = new URL(page.url()).pathname.split("/").at(-1);

  await expect(title).not.toHaveText(firstLine);
  await expect(title).not.toHaveText("New chat");
  const generated = (await title.innerText()).trim();
  const saved = (await (await page.request.get(`/api/chat/${chatId}`)).json()) as { chat: { title: string } };
  expect(saved.chat.title).toBe(generated);

  const events = await page.evaluate(() => (window as unknown as { savedEvents: { id: string; title?: string; bumped?: boolean }[] }).savedEvents);
  expect(events[0]).toEqual({ id: chatId, title: firstLine, bumped: true });
  expect(events).toContainEqual({ id: chatId, bumped: true });
  expect(events.some((event) => event.title === generated)).toBe(true);
});

test("a message sent while offline shows a network error; Retry sends it once back online", async ({ page, context }, testInfo) => {
  await openNewChat(page);
  const question = "Are you there?";
  await context.setOffline(true);
  await composerOf(page).fill(question);
  await composerOf(page).press("Enter");

  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("Network error: check your connection and retry.");
  // What the user typed is not lost: it stays on screen and Retry sends it.
  await expect(page.locator('[data-role="user"]')).toHaveText(question);
  await expect(alert).toBeInViewport();
  await shoot(page, testInfo, "network-error");

  await context.setOffline(false);
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.locator('[data-role="assistant"]')).toContainText(ANSWER_END);
  await expect(alert).toHaveCount(0);

  await page.reload();
  await expect(page.locator('[data-role="user"]')).toHaveText(question);
  await expect(page.locator('[data-role="assistant"]')).toContainText(ANSWER_END);
});
