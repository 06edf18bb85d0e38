import { type ChildProcess, spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

/** The demo answer's last words: they appear with its very last streamed word. */
const LAST_WORDS = "The README lists every setting.";

/** Processes that spin on the CPU, one per core, so the server and the browser compete for it. */
function loadTheMachine(count = 2): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

test("a reload the moment an answer's last word appears still finds the answer, on a loaded machine", async ({ page }) => {
  await page.goto("/");
  const composer = page.getByRole("textbox", { name: "Message" });
  await expect(composer).toBeFocused();
  // The page reloads itself from inside, in the same task in which the last word is rendered: no test round trip
  // between seeing it and reloading.
  await page.evaluate((lastWords) => {
    const observer = new MutationObserver(() => {
      const answer = document.querySelector('[data-role="assistant"]');
      if (!answer?.textContent?.includes(lastWords)) return;
      observer.disconnect();
      location.reload();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, LAST_WORDS);

  // The page started at /: the first document request for /chat/<id> is that reload.
  const reloaded = page.waitForRequest((request) => request.isNavigationRequest() && /\/chat\/[0-9a-f-]{36}$/.test(request.url()), {
    timeout: 30_000,
  });
  const busy = loadTheMachine();
  try {
    await composer.fill("Will this answer survive a reload?");
    await composer.press("Enter");
    await reloaded;

    const answer = page.locator('[data-role="assistant"]');
    await expect(page.locator('[data-role="user"]')).toHaveText("Will this answer survive a reload?", { timeout: 30_000 });
    await expect(answer).toContainText(LAST_WORDS, { timeout: 30_000 });
    // Shown as stored, not as an answer still pending.
    await expect(answer.getByText(/still being written|Not saved yet/)).toHaveCount(0, { timeout: 30_000 });
  } finally {
    for (const child of busy) child.kill("SIGKILL");
  }

  await page.reload();
  await expect(page.locator('[data-role="assistant"]')).toContainText(LAST_WORDS);
});
