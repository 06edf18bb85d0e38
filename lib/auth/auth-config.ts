import "server-only";
import type { NextAuthConfig } from "next-auth";
import type { NextRequest } from "next/server";
import Credentials from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { log } from "@/lib/log";
import { resolveAuthRedirect } from "@/lib/security/safe-redirect";
import { signInSchema } from "./credentials";
import { buildOAuthProviders } from "./oauth-provider-configs";
import { getOAuthIdentity, isEmailTakenByPasswordAccount, resolveOAuthUser } from "./oauth-sign-in";
import { getPreviousSessionUserId } from "./previous-session";
import { SESSION_MAX_AGE_S } from "./session-cookies";
import { lookUpSessionUser } from "./session-user-lookup";
import { verifyCredentials } from "./verify-credentials";

/**
 * Auth.js's config, JWT sessions. Built per request (lib/auth/auth.ts hands this function to NextAuth) so that
 * `next build` never needs AUTH_SECRET and the secret generated for demo mode is read at run time.
 *
 * Guests are not an Auth.js provider: app/api/auth/guest creates them behind its rate limits and sets the same
 * session cookie itself (lib/auth/guest-session.ts), without loading Auth.js's core. A credentials provider for them
 * would also answer `POST /api/auth/callback/guest` to anyone holding a CSRF token, with no limit at all.
 */
export const authConfig = (request: NextRequest | undefined): NextAuthConfig => ({
  secret: getConfig().auth.secret,
  // Self-hosters run behind proxies and on plain http://localhost; the Host header is trusted and the cookie's
  // Secure flag follows the request's protocol (x-forwarded-proto), so http works and https gets Secure cookies.
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  // Auth.js's own pages would be unstyled; a failed OAuth sign-in lands on /login?error=..., which explains it.
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      id: "password",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const user = await verifyCredentials(await getStore(), parsed.data.email, parsed.data.password);
        if (!user) return null;
        return { id: user.id, name: null, email: user.email };
      },
    }),
    ...buildOAuthProviders(getConfig().oauth),
  ],
  // Auth.js's own logger prints stack traces; ours writes one JSON line, and a wrong password is no error.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin") return;
      log.error(`auth: ${error.name}`, { err: error });
    },
    warn(code) {
      log.warn("auth: warning", { code });
    },
    debug() {},
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || (account.type !== "oauth" && account.type !== "oidc")) return true;
      const identity = getOAuthIdentity(account, profile);
      if (identity && (await isEmailTakenByPasswordAccount(await getStore(), identity))) {
        return "/login?error=OAuthAccountNotLinked";
      }
      return true;
    },
    async jwt({ token, user, account, profile }) {
      // On OAuth sign-in `user.id` is a random id Auth.js made up: the session gets our user's id instead.
      if (account && (account.type === "oauth" || account.type === "oidc")) {
        const identity = getOAuthIdentity(account, profile);
        if (!identity) throw new Error(`no account id from OAuth provider ${account.provider}`);
        const store = await getStore();
        const signedIn = await resolveOAuthUser(store, identity);
        // The callback request still carries the session from before: a guest's chats move into the account.
        const previousId = request ? await getPreviousSessionUserId(request.headers, getConfig().auth.secret) : null;
        if (previousId) await store.mergeGuestIntoUser({ guestId: previousId, userId: signedIn.id });
        await store.touchUser({ id: signedIn.id });
        return { ...token, sub: signedIn.id, id: signedIn.id, email: signedIn.email };
      }
      if (user?.id) {
        token.id = user.id;
        return token;
      }
      // A deleted account's cookie is no session anywhere, /api/auth/session included (null also clears the cookie).
      return (await isDeletedUser(token.id)) ? null : token;
    },
    redirect: resolveAuthRedirect,
    session({ session, token }) {
      if (token.id) session.user.id = token.id;
      return session;
    },
  },
});

/**
 * True only when the store answered that the user is gone. A store that cannot answer keeps the session: Auth.js
 * deletes the cookie of a session whose callback fails, and a guest would lose their chats to a database hiccup.
 */
async function isDeletedUser(userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  try {
    return (await lookUpSessionUser(userId)) === null;
  } catch (error) {
    log.warn("auth: could not check the session's user; keeping the session", { err: error });
    return false;
  }
}
