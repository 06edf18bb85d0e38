"use server";

import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { type AuthFormState, fieldErrorsOf, registerSchema, signInSchema } from "@/lib/auth/credentials";
import { isOAuthProviderId, listEnabledOAuthProviders } from "@/lib/auth/oauth-providers";
import { hashPassword } from "@/lib/auth/password";
import { getSessionUser } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getRateLimiter } from "@/lib/limits";
import { clientIp } from "@/lib/limits/client-ip";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { headers } from "next/headers";
import type { z } from "zod";

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
const ATTEMPTS_PER_IP = 30;
const ATTEMPTS_PER_EMAIL = 10;
const INVALID_CREDENTIALS = "Wrong email or password.";

function formValues(formData: FormData) {
  return {
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
    redirectTo: safeRedirectPath(formData.get("redirectTo")),
  };
}

type FormValues = ReturnType<typeof formValues>;
type ReadForm<T> = { ok: true; data: T; values: FormValues } | { ok: false; state: AuthFormState };

/** Validates an email-and-password form and counts the attempt; `state` is the answer when it may not go on. */
async function readAuthForm<T extends { email: string }>(schema: z.ZodType<T>, formData: FormData): Promise<ReadForm<T>> {
  const values = formValues(formData);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, state: { errors: fieldErrorsOf(parsed.error), email: values.email } };
  if (await isTooManyAttempts(parsed.data.email)) {
    return { ok: false, state: { errors: { form: "Too many attempts. Wait a few minutes and try again." }, email: values.email } };
  }
  return { ok: true, data: parsed.data, values };
}

/** Slows down password guessing: per client IP and per targeted email. */
async function isTooManyAttempts(email: string): Promise<boolean> {
  const limiter = getRateLimiter();
  const ip = clientIp(await headers());
  const byIp = await limiter.hit(`signin:ip:${ip}`, ATTEMPTS_PER_IP, FIFTEEN_MINUTES_MS);
  const byEmail = await limiter.hit(`signin:email:${email}`, ATTEMPTS_PER_EMAIL, FIFTEEN_MINUTES_MS);
  return !byIp.allowed || !byEmail.allowed;
}

// Register: a guest becomes the account in place, so every chat they had stays theirs.
export async function register(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const form = await readAuthForm(registerSchema, formData);
  if (!form.ok) return form.state;
  const { data: { email, password }, values } = form;

  const store = await getStore();
  const current = await getSessionUser();
  const passwordHash = await hashPassword(password);
  try {
    const upgraded = current?.isGuest ? await store.registerGuest({ id: current.id, email, passwordHash }) : null;
    if (!upgraded) await store.createUser({ isGuest: false, email, passwordHash });
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") {
      return { errors: { email: "An account with this email already exists. Sign in instead." }, email: values.email };
    }
    throw error;
  }
  if (!(await signInWithPassword(email, password))) throw new Error("signing in right after registering failed");
  redirect(values.redirectTo);
}

// Sign in: a guest's chats move into the account they sign in to.
export async function login(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const form = await readAuthForm(signInSchema, formData);
  if (!form.ok) return form.state;
  const { data: { email, password }, values } = form;

  const guest = await getSessionUser();
  if (!(await signInWithPassword(email, password))) return { errors: { form: INVALID_CREDENTIALS }, email: values.email };
  const store = await getStore();
  const account = await store.getUserByEmail({ email });
  if (guest?.isGuest && account) await store.mergeGuestIntoUser({ guestId: guest.id, userId: account.id });
  if (account) await store.touchUser({ id: account.id });
  redirect(values.redirectTo);
}

// Sign in with GitHub or Google: off to the provider; its callback signs in and moves a guest's chats (lib/auth/auth.ts).
export async function signInWithProvider(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  const redirectTo = safeRedirectPath(formData.get("redirectTo"));
  const isEnabled = listEnabledOAuthProviders(getConfig().oauth).some((option) => option.id === provider);
  if (!isOAuthProviderId(provider) || !isEnabled) redirect(`/login?error=UnknownProvider`);
  await signIn(provider, { redirectTo });
}

/** Ends the session; "/" then starts a fresh guest session (see StartGuestSession). */
export async function logout(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/");
}
