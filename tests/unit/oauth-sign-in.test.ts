import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getOAuthIdentity, type OAuthIdentity, isEmailTakenByPasswordAccount, resolveOAuthUser } from "@/lib/auth/oauth-sign-in";
import { MemoryStore } from "@/lib/db/memory-store";

const github = (overrides: Partial<OAuthIdentity> = {}): OAuthIdentity => ({
  provider: "github",
  providerAccountId: String(Math.floor(Math.random() * 1e9)),
  email: `octo.${randomUUID()}@example.com`,
  isEmailVerified: true,
  ...overrides,
});

describe("getOAuthIdentity", () => {
  it.each([
    { name: "a verified email, lower-cased", profile: { email: "Ada@Example.com", email_verified: true }, email: "ada@example.com", verified: true },
    { name: "an unverified email", profile: { email: "ada@example.com", email_verified: false }, email: "ada@example.com", verified: false },
    { name: "a verification claim that is not the boolean true", profile: { email: "ada@example.com", email_verified: "true" }, email: "ada@example.com", verified: false },
    { name: "no email", profile: { email: null, email_verified: true }, email: null, verified: false },
    { name: "no profile", profile: undefined, email: null, verified: false },
  ])("reads $name", ({ profile, email, verified }) => {
    expect(getOAuthIdentity({ provider: "google", providerAccountId: "sub-1" }, profile)).toEqual({
      provider: "google",
      providerAccountId: "sub-1",
      email,
      isEmailVerified: verified,
    });
  });

  it("knows only GitHub and Google, and needs an account id", () => {
    expect(getOAuthIdentity({ provider: "gitlab", providerAccountId: "1" }, {})).toBeNull();
    expect(getOAuthIdentity({ provider: "github", providerAccountId: "" }, {})).toBeNull();
  });
});

describe("resolveOAuthUser", () => {
  it("creates a registered user without a password for a new identity, and finds it again", async () => {
    const store = new MemoryStore();
    const identity = github();
    const user = await resolveOAuthUser(store, identity);
    expect(user).toMatchObject({ isGuest: false, email: identity.email, passwordHash: null });
    expect((await resolveOAuthUser(store, identity)).id).toBe(user.id);
    expect((await resolveOAuthUser(store, { ...identity, email: "changed@example.com" })).id).toBe(user.id);
  });

  it("links to the passwordless registered user with the same verified email", async () => {
    const store = new MemoryStore();
    const identity = github();
    const registered = await store.createUser({ isGuest: false, email: identity.email, passwordHash: null });
    expect(await isEmailTakenByPasswordAccount(store, identity)).toBe(false);
    expect((await resolveOAuthUser(store, identity)).id).toBe(registered.id);
    expect(await store.listAccountsByUserId({ userId: registered.id })).toHaveLength(1);
  });

  it("never links to a password account, since sign-up does not prove the email is the registrant's", async () => {
    const store = new MemoryStore();
    const identity = github();
    const registered = await store.createUser({ isGuest: false, email: identity.email, passwordHash: "hash" });
    expect(await isEmailTakenByPasswordAccount(store, identity)).toBe(true);
    await expect(resolveOAuthUser(store, identity)).rejects.toThrow();
    expect(await store.listAccountsByUserId({ userId: registered.id })).toEqual([]);
    expect(await isEmailTakenByPasswordAccount(store, { ...identity, isEmailVerified: false })).toBe(false);
  });

  it("never links by an unverified email, and does not store it", async () => {
    const store = new MemoryStore();
    const identity = github({ isEmailVerified: false });
    const registered = await store.createUser({ isGuest: false, email: identity.email, passwordHash: "hash" });
    const user = await resolveOAuthUser(store, identity);
    expect(user.id).not.toBe(registered.id);
    expect(user.email).toBeNull();
  });

  it("links a second provider to the same user by the verified email", async () => {
    const store = new MemoryStore();
    const email = `both.${randomUUID()}@example.com`;
    const fromGitHub = await resolveOAuthUser(store, github({ email }));
    const fromGoogle = await resolveOAuthUser(store, { provider: "google", providerAccountId: "sub", email, isEmailVerified: true });
    expect(fromGoogle.id).toBe(fromGitHub.id);
    expect((await store.listAccountsByUserId({ userId: fromGitHub.id })).map((account) => account.provider)).toEqual(["github", "google"]);
  });

  it("ends with one user when two first sign-ins of one identity race, and leaves no stray user", async () => {
    const store = new MemoryStore();
    const identity = github({ email: null, isEmailVerified: false });
    const createdIds: string[] = [];
    const createUser = store.createUser.bind(store);
    store.createUser = async (input) => {
      const user = await createUser(input);
      createdIds.push(user.id);
      return user;
    };
    const [first, second] = await Promise.all([resolveOAuthUser(store, identity), resolveOAuthUser(store, identity)]);
    expect(second.id).toBe(first.id);
    expect(createdIds).toHaveLength(2);
    const remaining = await Promise.all(createdIds.map((id) => store.getUserById({ id })));
    expect(remaining.filter(Boolean).map((user) => user?.id)).toEqual([first.id]);
  });
});
