import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { listEnabledOAuthProviders } from "@/lib/auth/oauth-providers";
import { getConfig } from "@/lib/config";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { register, signInWithProvider } from "../actions";

export const metadata: Metadata = { title: "Sign up — chatbot" };

// /register — create an account (or continue with GitHub / Google when configured); a guest keeps their chats
export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string }> }) {
  const { redirectTo: rawRedirectTo } = await searchParams;
  const redirectTo = safeRedirectPath(rawRedirectTo);
  const providers = listEnabledOAuthProviders(getConfig().oauth);
  return (
    <AuthForm
      mode="register"
      action={register}
      redirectTo={redirectTo}
      providers={<OAuthButtons providers={providers} action={signInWithProvider} redirectTo={redirectTo} />}
    />
  );
}
