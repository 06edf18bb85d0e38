import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type Response } from "@playwright/test";
import { sendAndWaitForAnswer } from "./support";

type LazyDownloads = { katexCss: boolean; katexFont: boolean; shikiGrammar: boolean };

/**
 * Watches what the page downloads and recognises the lazy chunks by content, not by file names a bundler picks:
 * KaTeX's stylesheet (its @font-face rules), its fonts (KaTeX_*.woff2) and shiki grammars (TextMate `scopeName`s).
 */
function watchLazyDownloads(page: Page): () => Promise<LazyDownloads> {
  const seen: LazyDownloads = { katexCss: false, katexFont: false, shikiGrammar: false };
  const reads: Promise<void>[] = [];
  const inspect = async (response: Response) => {
    const url = response.url();
    if (/KaTeX_\w+/.test(url)) seen.katexFont = true;
    const type = response.request().resourceType();
    if (type !== "script" && type !== "stylesheet") return;
    const body = await response.text().catch(() => "");
    if (type === "stylesheet" && body.includes("font-family:KaTeX_Main")) seen.katexCss = true;
    if (type === "script" && /scopeName\\?":\\?"source\./.test(body)) seen.shikiGrammar = true;
  };
  page.on("response", (response) => {
    reads.push(inspect(response));
  });
  return async () => {
    await Promise.all(reads);
    return seen;
  };
}

/** Records each code block's height on every frame, keyed by its text, to prove highlighting never resizes a block. */
async function recordCodeBlockHeights(page: Page): Promise<void> {
  await page.evaluate(() => {
    const samples: { code: string; height: number; isHighlighted: boolean }[] = [];
    Object.assign(window, { codeBlockSamples: samples });
    const sample = () => {
      for (const pre of document.querySelectorAll<HTMLElement>('[data-role="assistant"] .md-code pre')) {
        samples.push({
          code: pre.textContent ?? "",
          height: pre.getBoundingClientRect().height,
          isHighlighted: pre.hasAttribute("data-highlighted"),
        });
      }
      if (samples.length < 20_000) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

async function readCodeBlockHeights(page: Page) {
  return page.evaluate(
    () => (window as unknown as { codeBlockSamples: { code: string; height: number; isHighlighted: boolean }[] }).codeBlockSamples,
  );
}

/** Like sendAndWaitForAnswer, with room for the markdown showcase: three times the words of a usual demo answer. */
async function sendAndWaitForLongAnswer(page: Page, text: string): Promise<void> {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("To chat with a real model", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
}

/** Accessibility of the rendered answer (contrast of highlighted code included), by axe. */
async function expectAccessibleAnswer(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('[data-role="assistant"]').analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`)).toEqual([]);
}

async function useDarkTheme(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("a markdown answer shows a table, highlighted code with a working copy button, and math", async ({ page }, testInfo) => {
  const downloads = watchLazyDownloads(page);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto("/");
  await recordCodeBlockHeights(page);
  await sendAndWaitForLongAnswer(page, `Show me some markdown: a table, code and math (${testInfo.project.name})`);
  const answer = page.locator('[data-role="assistant"]').last();

  const table = answer.locator("table");
  await expect(table).toBeVisible();
  await expect(table.locator("thead th")).toHaveText(["#", "Word", "Letters", "Vowels", "Reversed"]);
  await expect(table.locator("tbody tr")).toHaveCount(5);
  await expect(table.locator("tbody tr").first().locator("td").nth(1)).toHaveText("Show");

  const python = answer.locator(".md-code", { has: page.locator("code.language-python") });
  await expect(python.getByText("python", { exact: true })).toBeVisible();
  await expect(python.locator("pre[data-highlighted]")).toBeVisible();
  const tokens = python.locator("code span[style*='color']");
  expect(await tokens.count()).toBeGreaterThan(5);
  const colours = await tokens.evaluateAll((spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size);
  expect(colours).toBeGreaterThan(2);
  await expect(answer.locator(".md-code", { has: page.locator("code.language-ts") }).locator("pre[data-highlighted]")).toBeVisible();

  const code = await python.locator("code").innerText();
  expect(code).toContain('words = ["show", "me", "some", "markdown"');
  const copyButton = python.getByRole("button", { name: "Copy code" });
  // The clipboard takes writes only from the focused page; earlier tests' windows may have kept the focus.
  await page.bringToFront();
  await copyButton.click();
  await expect(copyButton).toHaveAttribute("title", "Copied");
  await expect(python.getByRole("status")).toHaveText("Copied to the clipboard");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // KaTeX keeps each formula's source in a MathML annotation next to the rendered glyphs.
  await expect(answer.locator(".katex").first()).toBeVisible();
  await expect(answer.locator(".katex annotation").first()).toHaveText("e^{i\\pi} + 1 = 0");
  await expect(answer.locator(".katex-display")).toHaveCount(1);
  await expect(answer.locator(".katex-display annotation")).toContainText("\\sum_{i=1}^{");
  const prices = answer.locator("p", { hasText: "Prices stay text" });
  await expect(prices).toContainText(/at \$1 a word your message would cost \$\d+, and \$\d+ at \$2 a word\./);
  await expect(prices.locator(".katex")).toHaveCount(0);

  // Highlighting swapped in while the answer streamed: a block with the same text always had the same height.
  const samples = await readCodeBlockHeights(page);
  const heights = new Map<string, Set<number>>();
  for (const sample of samples) heights.set(sample.code, (heights.get(sample.code) ?? new Set()).add(Math.round(sample.height)));
  expect(samples.some((sample) => sample.isHighlighted)).toBe(true);
  // The unterminated fence already rendered as a code block while its lines streamed in.
  expect(samples.some((sample) => sample.code !== code && sample.code.startsWith("words = [") && code.startsWith(sample.code))).toBe(true);
  for (const [text, seen] of heights) expect([...seen], `heights of the block "${text.slice(0, 40)}"`).toHaveLength(1);

  const seen = await downloads();
  expect(seen).toEqual({ katexCss: true, katexFont: true, shikiGrammar: true });

  await page.setViewportSize({ width: page.viewportSize()?.width ?? 1280, height: 2400 });
  await page.screenshot({ path: testInfo.outputPath("markdown-light.png") });
  await expectAccessibleAnswer(page);
  await useDarkTheme(page);
  await page.screenshot({ path: testInfo.outputPath("markdown-dark.png") });
  await expectAccessibleAnswer(page);
  const darkToken = await tokens.first().evaluate((span) => getComputedStyle(span).color);
  const lightToken = await tokens.first().evaluate((span) => span.style.color);
  expect(darkToken).not.toBe(lightToken);

  await page.setViewportSize({ width: 360, height: 740 });
  await expect(table).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await python.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("markdown-360-dark.png") });

  // The saved chat renders the same way from the server and hydrates without a mismatch.
  await page.reload();
  const saved = page.locator('[data-role="assistant"]').last();
  await expect(saved.locator("table thead th")).toHaveCount(5);
  await expect(saved.locator(".md-code pre[data-highlighted]")).toHaveCount(2);
  await expect(saved.locator(".katex-display")).toHaveCount(1);
  expect(errors.filter((error) => /hydrat|minified react error/i.test(error))).toEqual([]);
});

test("a plain answer downloads neither the highlighter nor KaTeX, even after a reload", async ({ page }, testInfo) => {
  const downloads = watchLazyDownloads(page);
  await page.goto("/");
  await sendAndWaitForAnswer(page, `Say a plain hello, it costs $5 and $10 (${testInfo.project.name})`);
  const answer = page.locator('[data-role="assistant"]').last();
  await expect(answer.locator("li").first()).toBeVisible();
  await expect(answer).toContainText("it costs $5 and $10");
  await expect(answer.locator("pre")).toHaveCount(0);

  await page.reload();
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("To chat with a real model");
  await page.waitForLoadState("networkidle");
  expect(await downloads()).toEqual({ katexCss: false, katexFont: false, shikiGrammar: false });
});
