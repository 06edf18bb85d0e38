import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { safeRedirectPath } from "@/lib/auth/session";
import { login } from "../actions";

export const metadata: Metadata = { title: "Sign in — chatbot" };

// /login — sign in with email and password
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string }> }) {
  const { redirectTo } = await searchParams;
  return <AuthForm mode="login" action={login} redirectTo={safeRedirectPath(redirectTo)} />;
}
