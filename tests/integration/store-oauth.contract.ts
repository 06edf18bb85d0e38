import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import type { Store } from "@/lib/db/store";

import { setStoreClock } from "../support/store-clock";

/** The part of the Store contract about provider accounts (OAuth sign-in); runs inside describeStoreContract. */
export function describeOAuthAccounts(store: () => Store): void {
  const githubId = () => String(Math.floor(Math.random() * 1e12));
  const registered = () =>
    store().createUser({ isGuest: false, email: `oauth.${randomUUID()}@example.com`, passwordHash: null });

  describe("provider accounts", () => {
    it("finds the user a provider account is linked to, and no one for an unlinked one", async () => {
      const user = await registered();
      const providerAccountId = githubId();
      expect(await store().getUserByAccount({ provider: "github", providerAccountId })).toBeNull();

      const account = await store().linkAccount({ userId: user.id, provider: "github", providerAccountId });
      expect(account).toMatchObject({ userId: user.id, provider: "github", providerAccountId });
      expect(account.createdAt).toBeInstanceOf(Date);
      expect(await store().getUserByAccount({ provider: "github", providerAccountId })).toEqual(user);
    });

    it("tells providers apart: the same id at another provider is another account", async () => {
      const user = await registered();
      const providerAccountId = githubId();
      await store().linkAccount({ userId: user.id, provider: "github", providerAccountId });
      expect(await store().getUserByAccount({ provider: "google", providerAccountId })).toBeNull();
    });

    it("keeps an account linked to its first user, and returns that link to a second one", async () => {
      const [first, second] = await Promise.all([registered(), registered()]);
      const providerAccountId = githubId();
      await store().linkAccount({ userId: first.id, provider: "github", providerAccountId });

      const again = await store().linkAccount({ userId: second.id, provider: "github", providerAccountId });
      expect(again.userId).toBe(first.id);
      expect((await store().getUserByAccount({ provider: "github", providerAccountId }))?.id).toBe(first.id);
      expect(await store().listAccountsByUserId({ userId: second.id })).toEqual([]);
    });

    it("links the same account to one user when two sign-ins race", async () => {
      const users = await Promise.all([registered(), registered(), registered()]);
      const providerAccountId = githubId();
      const links = await Promise.all(
        users.map((user) => store().linkAccount({ userId: user.id, provider: "github", providerAccountId })),
      );
      const owner = links[0]?.userId;
      expect(links.map((link) => link.userId)).toEqual([owner, owner, owner]);
      expect((await store().getUserByAccount({ provider: "github", providerAccountId }))?.id).toBe(owner);
    });

    it("lists a user's accounts oldest first", async () => {
      const user = await registered();
      const start = Date.now();
      setStoreClock(start);
      const github = await store().linkAccount({ userId: user.id, provider: "github", providerAccountId: githubId() });
      setStoreClock(start + 1);
      const google = await store().linkAccount({ userId: user.id, provider: "google", providerAccountId: randomUUID() });
      expect(await store().listAccountsByUserId({ userId: user.id })).toEqual([github, google]);
      expect(await store().listAccountsByUserId({ userId: randomUUID() })).toEqual([]);
      expect(await store().listAccountsByUserId({ userId: "not-a-uuid" })).toEqual([]);
    });

    it("refuses to link an account to a user who does not exist", async () => {
      for (const userId of [randomUUID(), "not-a-uuid"]) {
        await expect(
          store().linkAccount({ userId, provider: "github", providerAccountId: githubId() }),
        ).rejects.toMatchObject({ code: "not_found" });
      }
    });

    it("deletes a user's links with the user, so the provider account can sign up again", async () => {
      const user = await registered();
      const providerAccountId = githubId();
      await store().linkAccount({ userId: user.id, provider: "github", providerAccountId });
      expect(await store().deleteUserById({ id: user.id })).toBe(true);
      expect(await store().getUserByAccount({ provider: "github", providerAccountId })).toBeNull();

      const next = await registered();
      const link = await store().linkAccount({ userId: next.id, provider: "github", providerAccountId });
      expect(link.userId).toBe(next.id);
    });

    it("keeps a user's links when a guest is merged into them", async () => {
      const user = await registered();
      const guest = await store().createUser({ isGuest: true });
      const providerAccountId = githubId();
      await store().linkAccount({ userId: user.id, provider: "github", providerAccountId });
      await store().mergeGuestIntoUser({ guestId: guest.id, userId: user.id });
      expect((await store().getUserByAccount({ provider: "github", providerAccountId }))?.id).toBe(user.id);
    });
  });
}
