import { expect, test } from "@playwright/test";
import { fakeAiControl, PROVIDERS_APP_URL, pickModel, waitForChatReady } from "./support";

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

test.describe("Stop", () => {
  // A real provider's answer that the fake AI server holds after its first four words ("Fake Held", held until
  // released): Stop lands mid-answer however busy the machine is, where the demo model's short answer can be over first.
  test.use({ baseURL: PROVIDERS_APP_URL });
  const HELD_START = "Fake Held starts this";
  const HELD_REST = "waits to be released";

  test("Stop ends the answer and keeps what was written", async ({ page, request }) => {
    await fakeAiControl(request, "hold");
    try {
      await page.goto("/");
      await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
      await pickModel(page, "Fake Held");
      const composer = page.getByRole("textbox", { name: "Message" });
      await composer.fill("Please write a very long answer about the history of the printing press");
      await page.getByRole("button", { name: "Send" }).click();
      const answer = page.locator('[data-role="assistant"]');
      await expect(answer).toHaveText(HELD_START);
      await page.getByRole("button", { name: "Stop" }).click();

      await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
      await expect(answer).toHaveText(HELD_START);
      await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
      // What the fake sends from now on must not reach the stopped answer.
      await fakeAiControl(request, "release");
      await page.reload();
      const saved = page.locator('[data-role="assistant"]');
      await expect(saved).toContainText(HELD_START);
      await expect(saved).toContainText("Stopped");
      await expect(saved).not.toContainText(HELD_REST);
    } finally {
      await fakeAiControl(request, "release");
    }
  });

  test("Escape stops the answer, except when it closes a dialog first", async ({ page, request }) => {
    await fakeAiControl(request, "hold");
    try {
      await page.goto("/");
      await waitForChatReady(page);
      await pickModel(page, "Fake Held");
      const composer = page.getByRole("textbox", { name: "Message" });
      await composer.fill("Tell me about keyboard shortcuts");
      await composer.press("Enter");
      const answer = page.locator('[data-role="assistant"]');
      await expect(answer).toHaveText(HELD_START);

      // Escape closes the shortcuts dialog and nothing else: the answer is still being written.
      await page.keyboard.press("ControlOrMeta+/");
      const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await expect(help).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(help).toBeHidden();
      await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();

      // With no dialog open, Escape is Stop.
      await page.keyboard.press("Escape");
      await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
      await expect(answer).toHaveText(HELD_START);
    } finally {
      await fakeAiControl(request, "release");
    }
  });
});
