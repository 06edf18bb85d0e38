import { expect, type Page, test } from "@playwright/test";

const ANSWER_END = "To chat with a real model";

/** A real PNG drawn by the browser's canvas: a 96×64 picture with two coloured halves. */
async function drawPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 96;
    canvas.height = 64;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#2563eb";
    context.fillRect(0, 0, 48, 64);
    context.fillStyle = "#f59e0b";
    context.fillRect(48, 0, 48, 64);
    return canvas.toDataURL("image/png");
  });
  return Buffer.from(dataUrl.split(",")[1]!, "base64");
}

async function openNewChat(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
}

test("an image picked with the paperclip uploads, is sent with the message, and stays after a reload", async ({ page }, testInfo) => {
  await openNewChat(page);
  const png = await drawPng(page);
  await page.getByTestId("attach-input").setInputFiles({ name: "halves.png", mimeType: "image/png", buffer: png });

  const chips = page.getByRole("list", { name: "Attached files" });
  await expect(chips.getByRole("img", { name: "halves.png" })).toBeVisible();
  await expect(chips.getByRole("progressbar", { name: "Uploading halves.png" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("attachment-ready.png") });

  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("What colours are in this picture?");
  await composer.press("Enter");
  await expect(chips).toHaveCount(0);

  const answer = page.locator('[data-role="assistant"]').last();
  await expect(answer).toContainText("You attached an image (PNG)");
  await expect(answer).toContainText(ANSWER_END);
  const sent = page.getByRole("img", { name: "Attached image halves.png" });
  await expect(sent).toBeVisible();
  // The image really loads from /api/files (not a broken link), at its own size.
  expect(await sent.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(96);
  await page.screenshot({ path: testInfo.outputPath("attachment-sent.png") });

  await page.reload();
  const reloaded = page.getByRole("img", { name: "Attached image halves.png" });
  await expect(reloaded).toBeVisible();
  expect(await reloaded.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(96);
});

test("an image dropped on the composer is sent alone, without text", async ({ page }) => {
  await openNewChat(page);
  const png = await drawPng(page);
  await page.locator("form").filter({ has: page.getByRole("textbox", { name: "Message" }) }).evaluate((form, base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
    form.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, png.toString("base64"));

  const send = page.getByRole("button", { name: "Send" });
  await expect(send).toBeEnabled();
  await send.click();
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("You attached an image (PNG)");
  await expect(page.getByRole("img", { name: "Attached image dropped.png" })).toBeVisible();
});

test("a file the server refuses says why beside it and holds Send until removed", async ({ page }, testInfo) => {
  await openNewChat(page);
  // An executable renamed .pdf: the server reads the bytes, not the name.
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(200, 7)]);
  await page.getByTestId("attach-input").setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: elf });
  const chips = page.getByRole("list", { name: "Attached files" });
  await expect(chips.getByRole("alert")).toHaveText(/^notes\.pdf is application\/x-elf, which the chat cannot read\. You can attach images, PDFs/);
  await page.getByRole("textbox", { name: "Message" }).fill("hello");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await chips.screenshot({ path: testInfo.outputPath("refused-chip.png") });
  await chips.getByRole("button", { name: "Remove notes.pdf" }).click();
  await expect(chips).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
});
