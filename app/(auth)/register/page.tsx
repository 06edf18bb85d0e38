import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { safeRedirectPath } from "@/lib/auth/session";
import { register } from "../actions";

export const metadata: Metadata = { title: "Sign up — chatbot" };

// /register — create an account; a guest keeps their chats
export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string }> }) {
  const { redirectTo } = await searchParams;
  return <AuthForm mode="register" action={register} redirectTo={safeRedirectPath(redirectTo)} />;
}
