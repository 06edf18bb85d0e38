"use client";

import { useActionState } from "react";
import { deleteAccount } from "@/app/settings/actions";

export function DeleteAccountForm() {
  const [state, action, isPending] = useActionState(deleteAccount, { errors: {}, email: "" });
  return (
    <form action={action} className="flex flex-col gap-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="confirm" value="delete" className="h-4 w-4" />
        Delete all my chats and my account
      </label>
      {state.errors.form ? <p role="alert" className="text-sm text-red-600">{state.errors.form}</p> : null}
      <button
        type="submit"
        disabled={isPending}
        className="h-10 self-start rounded-full bg-red-600 px-5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
      >
        Delete account
      </button>
    </form>
  );
}
