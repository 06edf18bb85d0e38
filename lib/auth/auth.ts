import "server-only";
import NextAuth from "next-auth";
import { authConfig } from "./auth-config";

/** Auth.js: the /api/auth/* handlers, and the sign-in and sign-out the account forms and settings call. */
export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
