"use client";

import { useActionState } from "react";
import { changePassword } from "@/app/settings/actions";
import { FormField } from "@/components/auth/form-field";

export function ChangePasswordForm() {
  const [state, action, isPending] = useActionState(changePassword, { errors: {}, email: "" });
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      <FormField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={state.errors.currentPassword} />
      <FormField label="New password" name="newPassword" type="password" autoComplete="new-password" error={state.errors.newPassword} hint="At least 8 characters." />
      {state.errors.form ? <p role="alert" className="text-sm text-red-600">{state.errors.form}</p> : null}
      {state.saved ? <p role="status" className="text-sm text-green-700 dark:text-green-400">Password changed.</p> : null}
      <button
        type="submit"
        disabled={isPending}
        className="h-10 self-start rounded-full bg-zinc-900 px-5 text-sm font-medium text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Change password
      </button>
    </form>
  );
}
