import type { Page, Response } from "@playwright/test";
import postgres from "postgres";
import { type StoredChat, messageText } from "../support/api-client";
import { waitForHealth } from "../support/scale-harness";
import { expect, test } from "./fixtures";

/**
 * An answer's life across the two instances: followed from a reload on the other one, stopped from it, and what is
 * left when the instance writing it is killed. Each message says "markdown", so the demo answer is long (a table,
 * code and math): with the harness's pause between words there is time to act while it is written.
 */

/** The demo answer's last words: on screen, the answer is complete. */
const LAST_WORDS = "The README lists every setting.";
const CUT_OFF_NOTE = "The answer was cut off when the server restarted";

test.describe.configure({ mode: "serial" });

/** Sends a message on the page and waits until the answer has begun to show; returns the chat's path. */
async function startAnswer(page: Page, text: string): Promise<string> {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.locator('[data-role="assistant"]')).toContainText("demo model");
  return new URL(page.url()).pathname;
}

async function readStoredChat(page: Page, baseUrl: string, chatPath: string): Promise<StoredChat> {
  const response = await page.request.get(`${baseUrl}/api${chatPath}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as StoredChat;
}

/** The text a UI message stream spells (its text deltas, in order). */
async function streamedText(response: Response): Promise<string> {
  return (await response.text())
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string; delta?: string })
    .filter((chunk) => chunk.type === "text-delta")
    .map((chunk) => chunk.delta ?? "")
    .join("");
}

test("a reload mid-answer that lands on the other instance follows the same answer to its end, as stored", async ({ page, scale }, testInfo) => {
  const [a, b] = scale.instances;
  await page.goto(`${a.url}/`);
  const chatPath = await startAnswer(page, "Follow this markdown answer from anywhere");

  // The reload, served by B while A writes the answer: B follows it through Redis.
  const followed = page.waitForResponse((response) => response.url() === `${b.url}/api${chatPath}/stream` && response.request().method() === "GET");
  await page.goto(`${b.url}${chatPath}`);
  const answer = page.locator('[data-role="assistant"]');
  expect((await followed).status()).toBe(200);
  // Live: the page streams the rest (it does not wait for the stored answer).
  await expect(answer).toHaveAttribute("aria-busy", "true");
  await page.screenshot({ path: testInfo.outputPath("following-on-b.png") });
  await expect(answer).toContainText(LAST_WORDS, { timeout: 30_000 });
  await expect(answer).toHaveAttribute("aria-busy", "false");

  const stored = await readStoredChat(page, b.url, chatPath);
  const storedAnswer = stored.messages.find((message) => message.role === "assistant");
  expect(storedAnswer?.metadata.status).toBe("complete");
  // Replayed from its first word, the followed stream is the whole answer, exactly as it was saved.
  expect(await streamedText(await followed)).toBe(messageText(storedAnswer!));
});

test("Stop pressed on a page served by the other instance stops the answer where it is written", async ({ page, scale }) => {
  const [a, b] = scale.instances;
  await page.goto(`${a.url}/`);
  const chatPath = await startAnswer(page, "Stop this markdown answer from the other side");
  await page.goto(`${b.url}${chatPath}`);
  const answer = page.locator('[data-role="assistant"]');
  await expect(answer).toHaveAttribute("aria-busy", "true");

  const stop = page.waitForResponse((response) => response.url() === `${b.url}/api${chatPath}/stream` && response.request().method() === "DELETE");
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  expect((await stop).status()).toBe(200);

  // A saves what it had written, as stopped: less than the whole answer.
  await expect
    .poll(async () => (await readStoredChat(page, b.url, chatPath)).messages.find((message) => message.role === "assistant")?.metadata.status, {
      timeout: 30_000,
    })
    .toBe("stopped");
  const stored = (await readStoredChat(page, a.url, chatPath)).messages.find((message) => message.role === "assistant")!;
  expect(messageText(stored)).not.toContain(LAST_WORDS);
  await page.reload();
  await expect(answer).toContainText("Stopped");
});

test("an instance killed mid-answer loses no acknowledged message; the answer reads interrupted and Retry answers again", async ({
  page,
  scale,
}, testInfo) => {
  const [a, b] = scale.instances;
  const db = postgres(scale.postgres.url, { max: 1, onnotice: () => {} });
  let isKilled = false;
  try {
    await page.goto(`${a.url}/`);
    const question = "Write this markdown answer, then lose the server";
    const chatPath = await startAnswer(page, question);
    const chatId = chatPath.split("/").at(-1)!;
    // Wait for a progress write of A to reach the database, so that something of the answer outlives A.
    await expect
      .poll(async () => {
        const [row] = await db<{ parts: { type: string; text?: string }[] }[]>`
          select parts from messages where chat_id = ${chatId} and role = 'assistant'`;
        return row?.parts.some((part) => part.type === "text" && Boolean(part.text)) ?? false;
      }, { timeout: 30_000 })
      .toBe(true);
    await a.kill("SIGKILL");
    isKilled = true;

    await page.goto(`${b.url}${chatPath}`);
    await expect(page.locator('[data-role="user"]')).toHaveText([question]);
    const answer = page.locator('[data-role="assistant"]');
    // Once A's lease on the answer runs out, the page shows what was saved of it, as cut off, with Retry.
    await expect(answer).toContainText(CUT_OFF_NOTE, { timeout: 40_000 });
    await expect(answer).toContainText("demo model");
    await page.screenshot({ path: testInfo.outputPath("interrupted-on-b.png") });
    const stored = await readStoredChat(page, b.url, chatPath);
    expect(stored.messages.map((message) => [message.role, message.metadata.status])).toEqual([
      ["user", "complete"],
      ["assistant", "interrupted"],
    ]);

    await answer.getByRole("button", { name: "Retry" }).click();
    await expect(answer).toContainText(LAST_WORDS, { timeout: 40_000 });
    await expect(page.getByText("2/2")).toBeVisible();
    const retried = await readStoredChat(page, b.url, chatPath);
    expect(retried.messages.map((message) => [message.role, message.metadata.status])).toEqual([
      ["user", "complete"],
      ["assistant", "interrupted"],
      ["assistant", "complete"],
    ]);
  } finally {
    await db.end();
    // The tests after this one want both instances again.
    if (isKilled) {
      await a.restart();
      await waitForHealth(a.url, (health) => health.features.storage.redis === "configured");
    }
  }
});
