import { randomUUID } from "node:crypto";
import { getChat, newGuest, postChat, readUIStream, type StoredChat, userMessage } from "../support/api-client";
import { openSidebar, sendAndWaitForAnswer } from "../e2e/support";
import { expect, test } from "./fixtures";

test("a chat started on one instance is listed, continued and deleted on the other", async ({ page, scale }, testInfo) => {
  const [a, b] = scale.instances;
  // Cookies are not bound to a port: the guest session A starts is the same user on B (JWT, one AUTH_SECRET).
  await page.goto(`${a.url}/`);
  await sendAndWaitForAnswer(page, "Tell me about lighthouses");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const chatPath = new URL(page.url()).pathname;

  await page.goto(`${b.url}/`);
  const nav = await openSidebar(page);
  const link = nav.locator(`a[href="${chatPath}"]`);
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(`${b.url}${chatPath}`);
  await expect(page.locator('[data-role="user"]')).toHaveText(["Tell me about lighthouses"]);
  await sendAndWaitForAnswer(page, "And about their keepers");
  await expect(page.locator('[data-role="user"]')).toHaveText(["Tell me about lighthouses", "And about their keepers"]);
  await page.screenshot({ path: testInfo.outputPath("continued-on-b.png"), fullPage: true });

  // A reads what B saved.
  await page.goto(`${a.url}${chatPath}`);
  await expect(page.locator('[data-role="user"]')).toHaveText(["Tell me about lighthouses", "And about their keepers"]);
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(2);

  await page.goto(`${b.url}${chatPath}`);
  const title = (await (await openSidebar(page)).locator(`a[href="${chatPath}"]`).innerText()).trim();
  await (await openSidebar(page)).getByRole("button", { name: `Options for ${title}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete chat?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(`${b.url}/`);

  expect((await page.goto(`${a.url}${chatPath}`))?.status()).toBe(404);
  await expect((await openSidebar(page)).locator(`a[href="${chatPath}"]`)).toHaveCount(0);
});

test("through nginx, every request may land on either instance and the chat stays one", async ({ scale }) => {
  const guest = await newGuest(scale.url);
  const chatId = randomUUID();
  const texts = ["first, wherever it lands", "second, on the other one", "third, back again"];
  for (const text of texts) {
    const response = await postChat(scale.url, guest, { id: chatId, message: userMessage(text) });
    expect(response.status).toBe(200);
    expect((await readUIStream(response)).text).toContain("To chat with a real model");
  }
  for (const instance of scale.instances) {
    const chat = (await (await getChat(instance.url, guest, chatId)).json()) as StoredChat;
    expect(chat.messages.filter((message) => message.role === "user").map((message) => message.parts[0]?.text)).toEqual(texts);
  }
});
