import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { fillCredentials, uniqueEmail } from "./support";

const PASSWORD = "correct horse battery";

/**
 * Return paths as an attacker writes them into a link (percent-encoded as they would be in the URL), each of which
 * has sent some browser or server to another host. Every one must end on a page of this site.
 */
const ATTACKS = [
  "//evil.example",
  "///evil.example",
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%0D%0A/evil.example",
  "/%09%5Cevil.example",
  "/%5Cevil.example",
  "/\\evil.example",
  "%2F%2Fevil.example",
  "/.//evil.example",
  "/./evil.example",
  "/%2e%2e/%2e%2e//evil.example",
  "/%252F%252Fevil.example",
  "/%E3%80%82evil.example",
  "/%EF%BC%8F%EF%BC%8Fevil.example",
  "/%E2%80%AEelpmaxe.live//",
  "/%00//evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(document.domain)",
];

/** The value a page or route reads from `?name=<raw>`: decoded once, as URLSearchParams does. */
const decodedQueryValue = (raw: string) => new URLSearchParams(`v=${raw}`).get("v") ?? "";

test.describe("every return path stays on this site", () => {
  test.skip(({ isMobile }) => isMobile, "The rule is the server's; one viewport proves it.");

  let ip = 0;
  /**
   * A fresh visitor, from an address of its own (the last X-Forwarded-For entry is the client address here), so the
   * sign-in limits per address never meet this table. Every request to another host is recorded; a page navigation
   * there is answered by a stand-in page. (An HTTP redirect there is not routed by Playwright: with no network it
   * fails as net::ERR_NAME_NOT_RESOLVED, which fails the test as well.)
   */
  async function visitor(browser: Browser): Promise<{ context: BrowserContext; page: Page; escapes: string[] }> {
    ip += 1;
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${ip}` } });
    const escapes: string[] = [];
    const home = new URL(test.info().project.use.baseURL!).host;
    context.on("request", (request) => {
      if (new URL(request.url()).host !== home) escapes.push(request.url());
    });
    await context.route(
      (url) => url.host !== home,
      (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>You left the site</h1>" }),
    );
    return { context, page: await context.newPage(), escapes };
  }

  async function expectOnThisSite(page: Page, escapes: string[], expectedPath = "/"): Promise<void> {
    await expect(page).toHaveURL((url) => url.pathname === expectedPath && url.origin === new URL(test.info().project.use.baseURL!).origin);
    expect(escapes).toEqual([]);
  }

  test("a safe return path still works for guest entry, sign-in and sign-up", async ({ browser }) => {
    const guest = await visitor(browser);
    await guest.page.goto("/api/auth/guest?redirectUrl=%2Fsettings");
    await expect(guest.page.getByRole("heading", { name: "Settings" })).toBeVisible();
    await expectOnThisSite(guest.page, guest.escapes, "/settings");

    const email = uniqueEmail("redirect-safe");
    await guest.page.goto("/register?redirectTo=%2Fsettings");
    await fillCredentials(guest.page, email, PASSWORD);
    await guest.page.getByRole("button", { name: "Create account" }).click();
    await expect(guest.page.getByText(email)).toBeVisible();
    await expectOnThisSite(guest.page, guest.escapes, "/settings");
    await guest.context.close();

    const member = await visitor(browser);
    await member.page.goto("/login?redirectTo=%2Fsettings");
    await fillCredentials(member.page, email, PASSWORD);
    await member.page.getByRole("button", { name: "Sign in" }).click();
    await expect(member.page.getByText(email)).toBeVisible();
    await expectOnThisSite(member.page, member.escapes, "/settings");
    await member.context.close();
  });

  for (const raw of ATTACKS) {
    test(`guest entry: redirectUrl=${raw} lands on /`, async ({ browser }) => {
      const { context, page, escapes } = await visitor(browser);
      await page.goto(`/api/auth/guest?redirectUrl=${raw}`);
      await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
      await expectOnThisSite(page, escapes);
      await context.close();
    });
  }

  /**
   * Sign-up and sign-in read the return path twice: the page from its URL, the server action from the form. The form's
   * hidden field is set to the attack too, as a crafted form post would, so the action's own check is what decides.
   */
  async function submitWithReturnPath(page: Page, form: "register" | "login", raw: string, email: string): Promise<void> {
    await page.goto(`/${form}?redirectTo=${raw}`);
    // The password form and the "Continue with GitHub" form each carry one.
    await page.locator('input[name="redirectTo"]').evaluateAll((inputs, value) => {
      for (const input of inputs) (input as HTMLInputElement).value = value;
    }, decodedQueryValue(raw));
    await fillCredentials(page, email, PASSWORD);
    await page.getByRole("button", { name: form === "register" ? "Create account" : "Sign in" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/${form}`));
    await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  }

  for (const raw of ATTACKS) {
    test(`sign-up: redirectTo=${raw} lands on /`, async ({ browser }) => {
      const { context, page, escapes } = await visitor(browser);
      await submitWithReturnPath(page, "register", raw, uniqueEmail("redirect-register"));
      await expectOnThisSite(page, escapes);
      await context.close();
    });
  }

  test.describe("sign-in", () => {
    // Sign-in attempts are limited per email too (10 per 15 minutes): a few accounts share the table.
    const accounts: string[] = [];
    const CASES_PER_ACCOUNT = 8;

    test.beforeAll(async ({ browser }) => {
      for (let index = 0; index < Math.ceil(ATTACKS.length / CASES_PER_ACCOUNT); index++) {
        const { context, page } = await visitor(browser);
        const email = uniqueEmail(`redirect-login-${index}`);
        await page.goto("/register");
        await fillCredentials(page, email, PASSWORD);
        await page.getByRole("button", { name: "Create account" }).click();
        await expect(page).not.toHaveURL(/\/register/);
        accounts.push(email);
        await context.close();
      }
    });

    ATTACKS.forEach((raw, index) => {
      test(`sign-in: redirectTo=${raw} lands on /`, async ({ browser }) => {
        const { context, page, escapes } = await visitor(browser);
        await submitWithReturnPath(page, "login", raw, accounts[Math.floor(index / CASES_PER_ACCOUNT)]!);
        await expectOnThisSite(page, escapes);
        await context.close();
      });
    });
  });
});
