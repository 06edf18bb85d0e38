import { expect, test } from "@playwright/test";
import { expectSignedOut, fillCredentials, sendAndWaitForAnswer, signIn, signOut, signUp, uniqueEmail } from "./support";

const PASSWORD = "correct horse battery";

test("a guest who signs up keeps the chat; after signing out and in again it is still there", async ({ page }, testInfo) => {
  await page.goto("/");
  await sendAndWaitForAnswer(page, "a chat I started as a guest");
  const chatUrl = page.url();
  expect(chatUrl).toMatch(/\/chat\/[0-9a-f-]{36}$/);

  const email = uniqueEmail(`signup-${testInfo.project.name}`);
  await signUp(page, email, PASSWORD);
  await page.goto(chatUrl);
  await expect(page.locator('[data-role="user"]')).toHaveText("a chat I started as a guest");
  await page.screenshot({ path: testInfo.outputPath("registered-chat.png"), fullPage: true });

  await signOut(page);
  const asNewGuest = await page.goto(chatUrl);
  expect(asNewGuest?.status()).toBe(404);

  await signIn(page, email, PASSWORD);
  await page.goto(chatUrl);
  await expect(page.locator('[data-role="user"]')).toHaveText("a chat I started as a guest");
  await expect(page.locator('[data-role="assistant"]')).toContainText("demo mode");
});

test("a guest with a chat who signs in to an existing account finds the chat in the account", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(`merge-${testInfo.project.name}`);
  const other = await browser.newContext();
  const setup = await other.newPage();
  await signUp(setup, email, PASSWORD);
  await other.close();

  await page.goto("/");
  await sendAndWaitForAnswer(page, "written before signing in");
  const chatUrl = page.url();
  await signIn(page, email, PASSWORD);

  await signOut(page);
  await signIn(page, email, PASSWORD);
  await page.goto(chatUrl);
  await expect(page.locator('[data-role="user"]')).toHaveText("written before signing in");
});

test("the forms show what is wrong next to each field", async ({ page }, testInfo) => {
  await page.goto("/register");
  await fillCredentials(page, "not-an-email", "short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address.");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription("Use at least 8 characters.");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await page.screenshot({ path: testInfo.outputPath("register-errors.png"), fullPage: true });

  const email = uniqueEmail(`taken-${testInfo.project.name}`);
  await signUp(page, email, PASSWORD);
  await signOut(page);
  await page.goto("/register");
  await fillCredentials(page, email, PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(/already exists/);
});

test("a wrong password and an unknown email get the same answer", async ({ page }, testInfo) => {
  const email = uniqueEmail(`wrong-${testInfo.project.name}`);
  await signUp(page, email, PASSWORD);
  await signOut(page);

  await page.goto("/login");
  await fillCredentials(page, email, "not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const wrongPassword = await page.getByRole("main").getByRole("alert").innerText();

  await page.goto("/login");
  await fillCredentials(page, uniqueEmail("nobody"), "not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const unknownEmail = await page.getByRole("main").getByRole("alert").innerText();

  expect(wrongPassword).toBe("Wrong email or password.");
  expect(unknownEmail).toBe(wrongPassword);
  await expect(page).toHaveURL(/\/login/);
});

test("a guest who reaches the daily quota sees why and is offered to sign up", async ({ page }, testInfo) => {
  await page.goto("/");
  // The Playwright server allows guests 3 messages a day (playwright.config.ts).
  for (const text of ["one", "two", "three"]) await sendAndWaitForAnswer(page, text);
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("four");
  await composer.press("Enter");
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("today's 3 messages for guests");
  await expect(alert.getByRole("link", { name: "Sign up for more messages" })).toBeVisible();
  await expect(alert).toContainText(/Resets at .+ your time/);
  await expect(alert).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: testInfo.outputPath("quota-reached.png"), fullPage: true });

  await alert.getByRole("link", { name: "Sign up for more messages" }).click();
  await expect(page).toHaveURL(/\/register/);
});

test("settings show today's usage, change the password, and delete the account", async ({ page }, testInfo) => {
  const email = uniqueEmail(`settings-${testInfo.project.name}`);
  await signUp(page, email, PASSWORD);
  await sendAndWaitForAnswer(page, "count me");
  await page.goto("/settings");
  await expect(page.getByTestId("usage-today")).toHaveText("1 of 200 messages");
  await page.screenshot({ path: testInfo.outputPath("settings.png"), fullPage: true });

  await page.getByLabel("Current password").fill("wrong one");
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("That is not your current password.");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed.");

  await page.goto("/");
  await signOut(page);
  await signIn(page, email, "a brand new password");

  await page.goto("/settings");
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("to confirm");
  await page.getByLabel("Delete all my chats and my account").check();
  await page.getByRole("button", { name: "Delete account" }).click();
  await expectSignedOut(page);

  await page.goto("/login");
  await fillCredentials(page, email, "a brand new password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
});
