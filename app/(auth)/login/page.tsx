import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { listEnabledOAuthProviders } from "@/lib/auth/oauth-providers";
import { getSignInErrorMessage } from "@/lib/auth/sign-in-errors";
import { getConfig } from "@/lib/config";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { login, signInWithProvider } from "../actions";

export const metadata: Metadata = { title: "Sign in — chatbot" };

type LoginSearchParams = { redirectTo?: string; error?: string };

// /login — sign in with email and password, or GitHub / Google when configured
export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginSearchParams> }) {
  const { redirectTo: rawRedirectTo, error } = await searchParams;
  const redirectTo = safeRedirectPath(rawRedirectTo);
  const providers = listEnabledOAuthProviders(getConfig().oauth);
  return (
    <AuthForm
      mode="login"
      action={login}
      redirectTo={redirectTo}
      notice={getSignInErrorMessage(error)}
      providers={<OAuthButtons providers={providers} action={signInWithProvider} redirectTo={redirectTo} />}
    />
  );
}
