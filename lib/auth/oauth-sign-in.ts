import "server-only";
import type { User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { isAppError } from "@/lib/errors";
import { isOAuthProviderId, type OAuthProviderId } from "./oauth-providers";

/** Who the provider says signed in: its stable account id, and an email only as good as `isEmailVerified`. */
export type OAuthIdentity = {
  provider: OAuthProviderId;
  providerAccountId: string;
  email: string | null;
  isEmailVerified: boolean;
};

/**
 * The identity from what Auth.js hands the jwt callback: Google's id_token claims, or GitHub's profile as
 * fetchGitHubProfile shapes it. Both carry `email` and `email_verified`. Null for any other provider.
 */
export function getOAuthIdentity(
  account: { provider: string; providerAccountId: string },
  profile: Record<string, unknown> | undefined,
): OAuthIdentity | null {
  if (!isOAuthProviderId(account.provider) || !account.providerAccountId) return null;
  const email = typeof profile?.email === "string" && profile.email.includes("@") ? profile.email.toLowerCase() : null;
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    email,
    isEmailVerified: email !== null && profile?.email_verified === true,
  };
}

/**
 * True when this identity is new and its verified email belongs to an account with a password. Such a sign-in is
 * refused rather than linked: sign-up does not verify emails, so whoever registered that email with a password may
 * not be its owner, and linking would let them into the owner's chats. The owner signs in with the password.
 */
export async function isEmailTakenByPasswordAccount(store: Store, identity: OAuthIdentity): Promise<boolean> {
  if (!identity.isEmailVerified || !identity.email) return false;
  if (await store.getUserByAccount({ provider: identity.provider, providerAccountId: identity.providerAccountId })) {
    return false;
  }
  const existing = await store.getUserByEmail({ email: identity.email });
  return Boolean(existing && !existing.isGuest && existing.passwordHash);
}

/**
 * Our user for a provider identity, linking or creating as needed:
 * 1. the user the provider account is already linked to;
 * 2. else the passwordless registered user (made by another provider) whose email this provider has *verified*
 *    too, then linked: both providers vouch for the address; an unverified email never links, since anyone can type
 *    one in, and a password account never links (see isEmailTakenByPasswordAccount, checked before this);
 * 3. else a new registered user without a password, with the email only when it is verified (then linked).
 */
export async function resolveOAuthUser(store: Store, identity: OAuthIdentity): Promise<User> {
  const key = { provider: identity.provider, providerAccountId: identity.providerAccountId };
  const linked = await store.getUserByAccount(key);
  if (linked) return linked;

  const email = identity.isEmailVerified ? identity.email : null;
  const existing = email ? await store.getUserByEmail({ email }) : null;
  if (existing && !existing.isGuest) {
    if (existing.passwordHash) throw new Error("refusing to link a provider account to a password account");
    return linkOrFindWinner(store, existing, key);
  }

  let created: User;
  try {
    created = await store.createUser({ isGuest: false, email, passwordHash: null });
  } catch (error) {
    // Someone registered this email between the lookup and the insert: it is theirs, and verified as ours.
    const registered = email && isAppError(error) && error.code === "conflict" ? await store.getUserByEmail({ email }) : null;
    if (!registered) throw error;
    return linkOrFindWinner(store, registered, key);
  }
  const user = await linkOrFindWinner(store, created, key);
  // A concurrent sign-in with the same provider account linked first: drop the user this one made.
  if (user.id !== created.id) await store.deleteUserById({ id: created.id });
  return user;
}

async function linkOrFindWinner(
  store: Store,
  user: User,
  key: { provider: OAuthProviderId; providerAccountId: string },
): Promise<User> {
  const link = await store.linkAccount({ userId: user.id, ...key });
  if (link.userId === user.id) return user;
  const winner = await store.getUserById({ id: link.userId });
  if (!winner) throw new Error("the user a provider account is linked to does not exist");
  return winner;
}
