import { type APIRequestContext, expect, type Page, type TestInfo, test } from "@playwright/test";
import { FAKE_AI_URL, fakeAiControl, PROVIDERS_APP_URL, pickModel, waitForChatReady } from "./support";

/**
 * Real provider streaming, end to end in the browser: the second app of playwright.config.ts runs without the
 * demo models, and its custom (OpenAI-compatible) provider streams from the fake AI server
 * (tests/support/fake-ai-cli.ts), whose models each behave in one fixed way.
 */

test.use({ baseURL: PROVIDERS_APP_URL });

/** The answers of tests/support/fake-ai-cli.ts, word for word. */
const ANSWERS = {
  ok: "Fake OK streams this answer in full, one word at a time.",
  held: "Fake Held starts this answer, waits to be released, then finishes it.",
  /** The first four words: fake-held holds after them, and fake-drops breaks the connection. */
  heldStart: "Fake Held starts this",
  dropsStart: "Fake Drops begins an",
  dropsRest: "answer and then the connection breaks",
};
const INTERRUPTED = "The model could not finish this answer. Try again.";

async function openNewChat(page: Page): Promise<void> {
  await page.goto("/");
  await waitForChatReady(page);
}

async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page.locator('[data-role="user"]').last()).toHaveText(text);
}

async function streamedModels(request: APIRequestContext): Promise<string[]> {
  const response = await request.get(`${FAKE_AI_URL}/control/requests`);
  const requests = (await response.json()) as { model: string; stream: boolean }[];
  return requests.filter((entry) => entry.stream).map((entry) => entry.model);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
}

test("a guest watches a real provider's answer stream in, with Stop shown until it ends", async ({ page, request }, testInfo) => {
  await fakeAiControl(request, "hold");
  try {
    await openNewChat(page);
    // Real models only: no demo badge, and the picker lists the custom provider's models.
    await expect(page.getByText("Demo mode")).toHaveCount(0);
    const picker = page.getByRole("combobox", { name: "Model" });
    await expect(picker).toHaveText("Fake OK");
    await picker.click();
    const list = page.getByRole("listbox", { name: "Model" });
    for (const label of ["Fake OK", "Fake Held", "Fake Drops", "Fake Fails"]) {
      await expect(list.getByRole("option", { name: new RegExp(`^${label}`) })).toBeVisible();
    }
    await page.keyboard.press("Escape");
    await expect(list).toBeHidden();

    await pickModel(page, "Fake Held");
    await send(page, "Tell me something, slowly.");
    const answer = page.locator('[data-role="assistant"]').last();
    // The fake has sent four words and holds the rest: they can only be on screen if they were streamed through.
    await expect(answer).toContainText(ANSWERS.heldStart);
    await expect(answer).not.toContainText("released");
    await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send" })).toHaveCount(0);
    await screenshot(page, testInfo, "provider-streaming-held.png");

    await fakeAiControl(request, "release");
    await expect(answer).toHaveText(ANSWERS.held);
    await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    await screenshot(page, testInfo, "provider-streaming-done.png");

    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await page.reload();
    await expect(page.locator('[data-role="assistant"]')).toHaveText(ANSWERS.held);
  } finally {
    await fakeAiControl(request, "release");
  }
});

test("a guest at the daily AI cost cap reads why, when it resets, and gets a sign-up link that works", async ({ page, request }, testInfo) => {
  // playwright.config.ts prices Fake Held so that one answer spends more than a guest's daily cost cap.
  await fakeAiControl(request, "release");
  await openNewChat(page);
  await pickModel(page, "Fake Held");
  await send(page, "An expensive question.");
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText(ANSWERS.held);
  // Once the answer has ended (its title saved too), as a user waits for Stop to turn back into Send: Enter while
  // it is still streaming sends nothing.
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  await send(page, "And one more.");
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("today's AI usage limit for guests");
  await expect(alert).toContainText(/Resets at .+ your time/);
  const signUp = alert.getByRole("link", { name: "Sign up for more messages" });
  await expect(signUp).toBeVisible();
  await screenshot(page, testInfo, "cost-cap-reached.png");

  const chatPath = new URL(page.url()).pathname;
  await signUp.click();
  await expect(page).toHaveURL(`/register?redirectTo=${encodeURIComponent(chatPath)}`);
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
});

test("a model that fails before its first token is replaced by the next one, and the answer arrives", async ({ page, request }, testInfo) => {
  await openNewChat(page);
  await pickModel(page, "Fake Fails");
  const before = (await streamedModels(request)).length;
  await send(page, "Please answer even if your model is down.");

  const answer = page.locator('[data-role="assistant"]').last();
  await expect(answer).toHaveText(ANSWERS.ok);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await screenshot(page, testInfo, "provider-failover.png");
  // fake-fails was asked first, then the next model in the list answered.
  expect((await streamedModels(request)).slice(before)).toEqual(["fake-fails", "fake-ok"]);

  await page.reload();
  await expect(page.locator('[data-role="assistant"]')).toHaveText(ANSWERS.ok);
});

test("an answer whose connection drops mid-stream keeps its words, shows an error with Retry, and survives a reload", async ({ page }, testInfo) => {
  await openNewChat(page);
  await pickModel(page, "Fake Drops");
  await send(page, "Start an answer you cannot finish.");

  const answer = page.locator('[data-role="assistant"]').last();
  // Next's route announcer is an alert too: look for the chat's own, inside main.
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText(INTERRUPTED);
  await expect(alert.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(answer).toContainText(ANSWERS.dropsStart);
  await expect(answer).not.toContainText(ANSWERS.dropsRest);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await screenshot(page, testInfo, "provider-dropped.png");

  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  const saved = page.locator('[data-role="assistant"]');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText(ANSWERS.dropsStart);
  await expect(saved).not.toContainText(ANSWERS.dropsRest);
  await expect(saved).toContainText("The answer was interrupted");
  await expect(page.getByRole("combobox", { name: "Model" })).toHaveText("Fake Drops");
  await screenshot(page, testInfo, "provider-dropped-reloaded.png");
});
