import { expect, type Page } from "@playwright/test";

/** Sends a message from the composer and waits until the demo answer has finished streaming. */
export async function sendAndWaitForAnswer(page: Page, text: string): Promise<void> {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page.locator('[data-role="user"]').last()).toHaveText(text);
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("To chat with a real model");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
}

export function uniqueEmail(tag: string): string {
  return `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function fillCredentials(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
}

export async function signUp(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/register");
  await fillCredentials(page, email, password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await fillCredentials(page, email, password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}
