import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { startNewChat, waitForChatReady } from "./support";

/** The narrowest phone the layout must fit without sideways scrolling. */
const NARROW_PHONE = { width: 360, height: 740 };

async function openNewChat(page: Page, testInfo: TestInfo): Promise<void> {
  if (testInfo.project.name === "mobile") await page.setViewportSize(NARROW_PHONE);
  await page.goto("/");
  await waitForChatReady(page);
}

async function expectNoSidewaysScroll(page: Page, testInfo: TestInfo): Promise<void> {
  if (testInfo.project.name !== "mobile") return;
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function pickModel(page: Page, label: string): Promise<void> {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: new RegExp(`^${label}`) }).click();
  await expect(page.getByRole("listbox", { name: "Model" })).toBeHidden();
}

test("picks Demo Reasoning, shows its Thinking above the answer, and keeps both after a reload", async ({ page }, testInfo) => {
  await openNewChat(page, testInfo);
  const picker = page.getByRole("combobox", { name: "Model" });
  await expect(picker).toHaveText("Demo");

  await picker.click();
  const list = page.getByRole("listbox", { name: "Model" });
  await expect(list).toBeVisible();
  const reasoningOption = list.getByRole("option", { name: /^Demo Reasoning/ });
  await expect(reasoningOption).toContainText("thinks out loud");
  await expect(reasoningOption).toContainText("Reasoning");
  await expect(list.getByRole("option", { name: /^Demo\b/ }).first()).toHaveAttribute("aria-selected", "true");
  await expectNoSidewaysScroll(page, testInfo);
  await page.screenshot({ path: testInfo.outputPath("picker-open.png") });
  await reasoningOption.click();
  await expect(picker).toHaveText("Demo Reasoning");

  const question = "Why do cats purr?";
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(question);
  await composer.press("Enter");
  const answer = page.locator('[data-role="assistant"]');
  await expect(answer).toContainText("To chat with a real model");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  const thinking = answer.locator("details");
  const reasoningText = thinking.getByText(/The user wrote "Why do cats purr\?"/);
  await expect(thinking.locator("summary")).toHaveText("Thinking");
  // Once the answer has started, the reasoning folds away; the user can open it.
  await expect(thinking).not.toHaveAttribute("open");
  await expect(reasoningText).toBeHidden();
  await thinking.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("answered-thinking-collapsed.png"), fullPage: true });
  await thinking.locator("summary").click();
  await expect(thinking).toHaveAttribute("open");
  await expect(reasoningText).toBeVisible();
  await expect(reasoningText).toContainText("so it is a question");
  await expectNoSidewaysScroll(page, testInfo);
  await page.screenshot({ path: testInfo.outputPath("answered-thinking-open.png"), fullPage: true });
  await thinking.locator("summary").click();
  await expect(reasoningText).toBeHidden();

  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.reload();
  await waitForChatReady(page);
  await expect(page.getByRole("combobox", { name: "Model" })).toHaveText("Demo Reasoning");
  const saved = page.locator('[data-role="assistant"]');
  await expect(saved).toContainText("To chat with a real model");
  const savedThinking = saved.locator("details");
  await expect(savedThinking).not.toHaveAttribute("open");
  await savedThinking.locator("summary").click();
  await expect(savedThinking.getByText(/The user wrote "Why do cats purr\?"/)).toBeVisible();
  await expectNoSidewaysScroll(page, testInfo);
  await page.screenshot({ path: testInfo.outputPath("reloaded.png"), fullPage: true });
});

test("a new chat starts on the default model; the earlier chat keeps its own", async ({ page }, testInfo) => {
  await openNewChat(page, testInfo);
  await pickModel(page, "Demo Reasoning");
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("Remember my model");
  await composer.press("Enter");
  await expect(page.locator('[data-role="assistant"] details summary')).toHaveText("Thinking");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const chatUrl = page.url();

  await startNewChat(page);
  await expect(page.getByRole("combobox", { name: "Model" })).toHaveText("Demo");
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(0);

  await page.goto(chatUrl);
  await expect(page.getByRole("combobox", { name: "Model" })).toHaveText("Demo Reasoning");
});

test("the model picker works from the keyboard", async ({ page }, testInfo) => {
  await openNewChat(page, testInfo);
  const picker = page.getByRole("combobox", { name: "Model" });
  await picker.focus();
  await picker.press("ArrowDown");
  await expect(picker).toHaveAttribute("aria-expanded", "true");
  const options = page.getByRole("option");
  await expect(options).toHaveCount(3);
  await expect(picker).toHaveAttribute("aria-activedescendant", (await options.nth(0).getAttribute("id")) ?? "missing");
  await picker.press("End");
  await expect(picker).toHaveAttribute("aria-activedescendant", (await options.nth(2).getAttribute("id")) ?? "missing");
  await picker.press("Enter");
  await expect(picker).toHaveAttribute("aria-expanded", "false");
  await expect(picker).toHaveText("Demo Reasoning");
  await expect(picker).toBeFocused();

  await picker.press("Enter");
  await expect(page.getByRole("listbox", { name: "Model" })).toBeVisible();
  await picker.press("Escape");
  await expect(page.getByRole("listbox", { name: "Model" })).toBeHidden();
  await expect(picker).toHaveText("Demo Reasoning");
});
