"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { type AuthFormState, fieldErrorsOf, newPasswordSchema } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getSessionUser } from "@/lib/auth/session";
import { getStore } from "@/lib/db";
import { log } from "@/lib/log";
import { getFileStorage } from "@/lib/storage";
import { removeOrphanFiles } from "@/lib/storage/uploads";
import { z } from "zod";

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(1024),
  newPassword: newPasswordSchema,
});

export type SettingsFormState = AuthFormState & { saved?: boolean };

export async function changePassword(_previous: SettingsFormState, formData: FormData): Promise<SettingsFormState> {
  const user = await getSessionUser();
  if (!user || user.isGuest) return { errors: { form: "Sign in to an account to change its password." }, email: "" };
  if (!user.passwordHash) {
    return { errors: { form: "This account has no password: it signs in with GitHub or Google." }, email: "" };
  }
  const parsed = changePasswordSchema.safeParse({
    currentPassword: String(formData.get("currentPassword") ?? ""),
    newPassword: String(formData.get("newPassword") ?? ""),
  });
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error), email: "" };
  if (!(await verifyPassword(parsed.data.currentPassword, user.passwordHash))) {
    return { errors: { currentPassword: "That is not your current password." }, email: "" };
  }
  const store = await getStore();
  await store.updateUserPassword({ id: user.id, passwordHash: await hashPassword(parsed.data.newPassword) });
  revalidatePath("/settings");
  return { errors: {}, email: "", saved: true };
}

// Deletes the signed-in user (guest or registered) with every chat, message and vote, then signs out.
export async function deleteAccount(_previous: SettingsFormState, formData: FormData): Promise<SettingsFormState> {
  const user = await getSessionUser();
  if (!user) return { errors: { form: "There is no account to delete." }, email: "" };
  if (formData.get("confirm") !== "delete") {
    return { errors: { form: 'Tick "Delete all my chats and my account" to confirm.' }, email: "" };
  }
  const store = await getStore();
  await store.deleteUserById({ id: user.id });
  // Their uploads' rows outlive the user only to name the bytes to remove; removed at once, not at the next prune.
  await removeOrphanFiles(store, getFileStorage(), new Date(0)).catch((error: unknown) =>
    log.warn("settings: removing a deleted account's files failed; db:prune will retry", { err: error }),
  );
  await signOut({ redirect: false });
  // "/" renders StartGuestSession for the now session-less visitor, which starts a fresh guest session.
  redirect("/");
}
