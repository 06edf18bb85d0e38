import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test, type TestInfo } from "@playwright/test";
import { formatBytes } from "../../lib/documents/kinds";
import { makePdf } from "../support/pdf-writer";
import { useDarkMode, useLightMode, waitForChatReady } from "./support";

const ANSWER_END = "To chat with a real model";
const REPORT = makePdf({ pages: [{ lines: ["Quarterly revenue grew by 12 percent."] }, { lines: ["Outlook: steady growth."] }] });

async function openNewChat(page: Page): Promise<void> {
  await page.goto("/");
  await waitForChatReady(page);
}

/** Slows the browser's uploads the way a slow connection does (Chromium's own network throttling, over CDP). */
async function throttleUploads(page: Page, bytesPerSecond: number): Promise<() => Promise<void>> {
  const session = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  const set = (uploadThroughput: number) =>
    session.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput });
  await set(bytesPerSecond);
  return async () => {
    await set(-1);
    await session.detach();
  };
}

/** Serious or critical axe findings inside the composer form. */
async function composerViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include("form").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function signedOutPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
  const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch });
  return context.newPage();
}

test("an upload shows its real progress, and Cancel stops it before anything is kept", async ({ page }, testInfo) => {
  await openNewChat(page);
  const restore = await throttleUploads(page, 200 * 1024);
  const aborted: string[] = [];
  page.on("requestfailed", (request) => {
    if (request.url().endsWith("/api/files")) aborted.push(request.failure()?.errorText ?? "");
  });
  // 3 MB of text takes about 15 s at 200 KB/s: the bar moves while we look.
  await page.getByTestId("attach-input").setInputFiles({ name: "meeting-notes.txt", mimeType: "text/plain", buffer: Buffer.alloc(3_000_000, "notes ") });

  const chips = page.getByRole("list", { name: "Attached files" });
  const progress = chips.getByRole("progressbar", { name: "Uploading meeting-notes.txt" });
  await expect(progress).toBeVisible();
  // Real progress: the bar reports a share of the bytes sent, neither nothing nor all of it.
  await expect
    .poll(async () => Number(await progress.getAttribute("aria-valuenow")), { message: "the upload reports partial progress" })
    .toBeGreaterThan(0);
  const shown = Number(await progress.getAttribute("aria-valuenow"));
  expect(shown).toBeLessThan(100);
  await expect(chips).toContainText(/Uploading… \d+% of 3 MB/);
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("upload-progress-light.png") });
  await chips.screenshot({ path: testInfo.outputPath("upload-progress-chip-light.png") });
  expect(await composerViolations(page), "light").toEqual([]);
  await useDarkMode(page);
  await chips.screenshot({ path: testInfo.outputPath("upload-progress-chip-dark.png") });
  expect(await composerViolations(page), "dark").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("upload-progress-dark.png") });
  await useLightMode(page);

  await chips.getByRole("button", { name: "Cancel upload of meeting-notes.txt" }).click();
  await expect(chips).toHaveCount(0);
  await expect.poll(() => aborted).toEqual(["net::ERR_ABORTED"]);
  await restore();

  // The composer is free again: the next file uploads at full speed and is ready to send.
  const note = Buffer.from("# Short\n\nA note.\n");
  await page.getByTestId("attach-input").setInputFiles({ name: "short.md", mimeType: "text/markdown", buffer: note });
  await expect(page.getByRole("list", { name: "Attached files" })).toContainText(`Markdown · ${formatBytes(note.length)}`);
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
});

test("a PDF's text reaches the model, and its chip stays after a reload and on the shared page", async ({ page, browser }, testInfo) => {
  await openNewChat(page);
  await page.getByTestId("attach-input").setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: REPORT });
  const chips = page.getByRole("list", { name: "Attached files" });
  await expect(chips).toContainText("report.pdf");
  await expect(chips).toContainText(`PDF · 2 pages · ${formatBytes(REPORT.length)}`);
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await chips.screenshot({ path: testInfo.outputPath("document-chip-light.png") });
  expect(await composerViolations(page), "light").toEqual([]);
  await useDarkMode(page);
  await chips.screenshot({ path: testInfo.outputPath("document-chip-dark.png") });
  expect(await composerViolations(page), "dark").toEqual([]);
  await useLightMode(page);

  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("What does the report say about revenue?");
  await composer.press("Enter");
  await expect(chips).toHaveCount(0);
  const answer = page.locator('[data-role="assistant"]').last();
  await expect(answer).toContainText(ANSWER_END);
  await expect(answer).toContainText(/report\.pdf \(PDF, 2 pages, \d+ characters\): it begins “Page 1 Quarterly revenue grew by 12 percent\./);
  await expect(answer).toContainText("The PDF also arrived as a file (1 KB).");

  const sent = page.getByRole("link", { name: `report.pdf, PDF, 2 pages, ${formatBytes(REPORT.length)}` });
  await expect(sent).toBeVisible();
  await expect(sent).toHaveAttribute("download", "report.pdf");
  await sent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("document-sent-light.png") });
  await useDarkMode(page);
  await page.screenshot({ path: testInfo.outputPath("document-sent-dark.png") });
  await useLightMode(page);

  await page.reload();
  const reloaded = page.getByRole("link", { name: `report.pdf, PDF, 2 pages, ${formatBytes(REPORT.length)}` });
  await expect(reloaded).toBeVisible();
  const href = await reloaded.getAttribute("href");
  expect(href).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
  const own = await page.request.get(href!);
  expect(own.status()).toBe(200);
  expect(Buffer.from(await own.body()).equals(REPORT)).toBe(true);

  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share chat" });
  await dialog.getByRole("button", { name: "Create link" }).click();
  const link = await dialog.getByRole("textbox", { name: "Share link" }).inputValue();

  const visitor = await signedOutPage(browser, testInfo);
  await visitor.goto(link);
  const shared = visitor.getByRole("link", { name: `report.pdf, PDF, 2 pages, ${formatBytes(REPORT.length)}` });
  await expect(shared).toBeVisible();
  await expect(visitor.locator('[data-role="assistant"]')).toContainText("report.pdf (PDF, 2 pages");
  // The share's readers may download the document while the chat is public.
  expect((await visitor.request.get(href!)).status()).toBe(200);
  await visitor.screenshot({ path: testInfo.outputPath("document-shared-light.png"), fullPage: true });
  await visitor.context().close();
});
