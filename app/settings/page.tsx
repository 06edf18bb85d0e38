import type { Metadata } from "next";
import Link from "next/link";
import { StartGuestSession } from "@/components/auth/start-guest-session";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { DeleteAccountForm } from "@/components/settings/delete-account-form";
import { guestSignInPath } from "@/lib/auth/guest-entry";
import { isOAuthProviderId, OAUTH_PROVIDER_LABELS } from "@/lib/auth/oauth-providers";
import { getSessionUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { getMessageQuota } from "@/lib/limits/message-quota";

export const metadata: Metadata = { title: "Settings — chatbot" };

function providerLabel(provider: string): string {
  return isOAuthProviderId(provider) ? OAUTH_PROVIDER_LABELS[provider] : provider;
}

// /settings — today's usage, password, and deleting the account
export default async function SettingsPage() {
  const user = await getSessionUser();
  if (!user) return <StartGuestSession href={guestSignInPath("/settings")} />;
  const store = await getStore();
  const quota = await getMessageQuota(store, user, getConfig().limits);
  const signInProviders = (await store.listAccountsByUserId({ userId: user.id })).map((account) => providerLabel(account.provider));
  const percent = quota.limit === 0 ? 100 : Math.min(100, Math.round((quota.used / quota.limit) * 100));

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-xl flex-col gap-8 px-4 py-10">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Settings</h1>
        <Link href="/" className="text-sm underline underline-offset-2">
          Back to chat
        </Link>
      </div>

      <section aria-labelledby="account-heading" className="flex flex-col gap-1">
        <h2 id="account-heading" className="text-lg font-medium">
          Account
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {user.isGuest ? (
            <>
              You are using chatbot as a guest.{" "}
              <Link href="/register?redirectTo=%2Fsettings" className="font-medium underline underline-offset-2">
                Sign up
              </Link>{" "}
              to keep your chats and get more messages a day.
            </>
          ) : (
            <>Signed in as {user.email ?? `your ${signInProviders.join(" or ") || "provider"} account`}</>
          )}
        </p>
      </section>

      <section aria-labelledby="usage-heading" className="flex flex-col gap-2">
        <h2 id="usage-heading" className="text-lg font-medium">
          Usage today
        </h2>
        <p className="text-sm" data-testid="usage-today">
          {quota.used} of {quota.limit} messages
        </p>
        <div
          role="progressbar"
          aria-label="Messages used today"
          aria-valuemin={0}
          aria-valuemax={quota.limit}
          aria-valuenow={quota.used}
          className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-zinc-900 dark:bg-zinc-100" style={{ width: `${percent}%` }} />
        </div>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Resets at midnight UTC.</p>
      </section>

      {user.isGuest ? null : (
        <section aria-labelledby="password-heading" className="flex flex-col gap-3">
          <h2 id="password-heading" className="text-lg font-medium">
            Change password
          </h2>
          {user.passwordHash ? (
            <ChangePasswordForm />
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              This account has no password: you sign in with {signInProviders.join(" or ") || "another provider"}.
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="delete-heading" className="flex flex-col gap-3">
        <h2 id="delete-heading" className="text-lg font-medium text-red-700 dark:text-red-400">
          Delete account
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Deletes your account and every chat and message in it, for good.
        </p>
        <DeleteAccountForm />
      </section>
    </main>
  );
}
