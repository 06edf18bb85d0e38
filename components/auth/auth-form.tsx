"use client";

import Link from "next/link";
import { type ReactNode, useActionState } from "react";
import type { AuthFormState } from "@/lib/auth/credentials";
import { FormField } from "./form-field";

export type AuthFormProps = {
  mode: "login" | "register";
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  redirectTo: string;
  /** Sign-in with other providers, shown above the email form (server-rendered). */
  providers?: ReactNode;
  /** An error from before this form was used, such as a failed OAuth sign-in. */
  notice?: string;
};

const COPY = {
  login: { title: "Sign in", submit: "Sign in", switchText: "No account yet?", switchLink: "Sign up", switchHref: "/register" },
  register: {
    title: "Create your account",
    submit: "Create account",
    switchText: "Already have an account?",
    switchLink: "Sign in",
    switchHref: "/login",
  },
} as const;

export function AuthForm({ mode, action, redirectTo, providers, notice }: AuthFormProps) {
  const [state, formAction, isPending] = useActionState(action, { errors: {}, email: "" });
  const copy = COPY[mode];

  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-2xl font-semibold">{copy.title}</h1>
        <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
          {mode === "register"
            ? "Your chats as a guest move into your account."
            : "Chats you started as a guest move into your account."}
        </p>
        {notice && !state.errors.form ? (
          <p role="alert" className="mb-4 text-sm text-red-600 dark:text-red-400">
            {notice}
          </p>
        ) : null}
        {providers}
        <form action={formAction} noValidate className="flex flex-col gap-4">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={state.email}
            error={state.errors.email}
          />
          <FormField
            label="Password"
            name="password"
            type="password"
            autoComplete={mode === "register" ? "new-password" : "current-password"}
            error={state.errors.password}
            hint={mode === "register" ? "At least 8 characters." : undefined}
          />
          {state.errors.form ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {state.errors.form}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={isPending}
            className="h-10 rounded-full bg-zinc-900 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
          >
            {isPending ? "Please wait…" : copy.submit}
          </button>
        </form>
        <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          {copy.switchText}{" "}
          <Link href={`${copy.switchHref}?redirectTo=${encodeURIComponent(redirectTo)}`} className="font-medium text-zinc-900 underline underline-offset-2 dark:text-zinc-100">
            {copy.switchLink}
          </Link>
        </p>
        <p className="mt-2 text-center text-sm">
          <Link href="/" className="text-zinc-600 dark:text-zinc-400 underline underline-offset-2">
            Back to chat
          </Link>
        </p>
      </div>
    </main>
  );
}
