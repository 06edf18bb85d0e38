import "server-only";
import { AuthError } from "next-auth";
import { signIn } from "./auth";

/**
 * Signs in through Auth.js's password provider without redirecting, so the caller can finish its work (moving a
 * guest's chats) first. Returns false when the email and password do not match.
 */
export async function signInWithPassword(email: string, password: string): Promise<boolean> {
  try {
    const url: unknown = await signIn("password", { email, password, redirect: false });
    return !(typeof url === "string" && /[?&]error=/.test(url));
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") return false;
    throw error;
  }
}
