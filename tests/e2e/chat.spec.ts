import { expect, test } from "@playwright/test";

test("a guest sends a message, sees the streamed answer, and finds the history after a reload", async ({ page }, testInfo) => {
  await page.goto("/");
  const composer = page.getByRole("textbox", { name: "Message" });
  await expect(composer).toBeVisible();

  const question = `What is a monad? (${testInfo.project.name})`;
  await composer.fill(question);
  await composer.press("Enter");

  const userMessage = page.locator('[data-role="user"]');
  await expect(userMessage).toHaveText(question);
  const answer = page.locator('[data-role="assistant"]');
  await expect(answer).toContainText("demo mode");
  await expect(answer.locator("li").first()).toBeVisible();
  await expect(answer.locator("pre code")).toContainText("const words");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.screenshot({ path: testInfo.outputPath("answered.png"), fullPage: true });

  await page.reload();
  await expect(page.locator('[data-role="user"]')).toHaveText(question);
  await expect(page.locator('[data-role="assistant"]')).toContainText("demo mode");
  await expect(page.locator('[data-role="assistant"]')).toContainText("To chat with a real model");
});

test("Shift+Enter adds a line instead of sending", async ({ page }) => {
  await page.goto("/");
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("first line");
  await composer.press("Shift+Enter");
  await composer.pressSequentially("second line");
  await expect(composer).toHaveValue("first line\nsecond line");
  await expect(page.locator('[data-role="user"]')).toHaveCount(0);
});

test("Stop ends the answer and keeps what was written", async ({ page }) => {
  await page.goto("/");
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("Please write a very long answer about the history of the printing press");
  await page.getByRole("button", { name: "Send" }).click();
  const stop = page.getByRole("button", { name: "Stop" });
  await expect(stop).toBeVisible();
  await expect(page.locator('[data-role="assistant"]')).toContainText("Please write");
  await stop.click();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  const partial = (await page.locator('[data-role="assistant"]').innerText()).trim();
  expect(partial).not.toContain("To chat with a real model");

  await page.reload();
  const saved = page.locator('[data-role="assistant"]');
  await expect(saved).toContainText("Stopped");
  await expect(saved).not.toContainText("To chat with a real model");
});
