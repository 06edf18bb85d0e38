import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import type { Store } from "@/lib/db/store";

import { setStoreClock } from "../support/store-clock";

const text = (value: string) => [{ type: "text" as const, text: value }];

/** The part of the Store contract about accounts, guests and usage; runs inside describeStoreContract. */
export function describeAccountsAndUsage(store: () => Store): void {
  const chatOf = async (userId: string) => {
    const chat = await store().createChat({ id: randomUUID(), userId, title: "t" });
    if (!chat) throw new Error("createChat returned null for a fresh id");
    return chat;
  };
  const uniqueEmail = () => `User.${randomUUID()}@Example.com`;

  describe("accounts", () => {
    it("registers a guest in place, keeping their chats", async () => {
      const guest = await store().createUser({ isGuest: true });
      const chat = await chatOf(guest.id);
      const email = uniqueEmail();
      const user = await store().registerGuest({ id: guest.id, email, passwordHash: "hash-1" });
      expect(user).toMatchObject({ id: guest.id, isGuest: false, email: email.toLowerCase(), passwordHash: "hash-1" });
      expect((await store().getUserByEmail({ email }))?.id).toBe(guest.id);
      expect((await store().getChatForUser({ chatId: chat.id, userId: guest.id }))?.id).toBe(chat.id);
    });

    it("does not register a user who is not a guest, and rejects a taken email", async () => {
      const email = uniqueEmail();
      const registered = await store().createUser({ isGuest: false, email, passwordHash: "h" });
      expect(await store().registerGuest({ id: registered.id, email: uniqueEmail(), passwordHash: "x" })).toBeNull();
      const guest = await store().createUser({ isGuest: true });
      await expect(store().registerGuest({ id: guest.id, email, passwordHash: "x" })).rejects.toMatchObject({
        code: "conflict",
      });
      expect((await store().getUserById({ id: guest.id }))?.isGuest).toBe(true);
    });

    it("updates a password only for an existing user", async () => {
      const user = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "old" });
      expect(await store().updateUserPassword({ id: user.id, passwordHash: "new" })).toBe(true);
      expect((await store().getUserById({ id: user.id }))?.passwordHash).toBe("new");
      expect(await store().updateUserPassword({ id: randomUUID(), passwordHash: "new" })).toBe(false);
    });

    it("moves a guest's chats to the account they sign in to, and deletes the guest", async () => {
      const guest = await store().createUser({ isGuest: true });
      const account = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "h" });
      const earlier = await chatOf(account.id);
      const first = await chatOf(guest.id);
      const second = await chatOf(guest.id);
      await store().saveMessages({ messages: [{ chatId: first.id, id: "m1", role: "user", parts: text("hi") }] });

      expect(await store().mergeGuestIntoUser({ guestId: guest.id, userId: account.id })).toBe(2);
      const { items } = await store().listChatsByUserId({ userId: account.id, limit: 10 });
      expect(items.map((chat) => chat.id).sort()).toEqual([earlier.id, first.id, second.id].sort());
      expect(await store().getMessagesByChatId({ chatId: first.id })).toHaveLength(1);
      expect(await store().getUserById({ id: guest.id })).toBeNull();
    });

    it("never merges a registered user's chats away", async () => {
      const victim = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "h" });
      const other = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "h" });
      const chat = await chatOf(victim.id);
      expect(await store().mergeGuestIntoUser({ guestId: victim.id, userId: other.id })).toBe(0);
      expect((await store().getChatById({ id: chat.id }))?.userId).toBe(victim.id);
      expect(await store().getUserById({ id: victim.id })).not.toBeNull();
    });

    it("deletes a user with all their chats, messages and votes", async () => {
      const user = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "h" });
      const keep = await store().createUser({ isGuest: true });
      const chat = await chatOf(user.id);
      const kept = await chatOf(keep.id);
      await store().saveMessages({ messages: [{ chatId: chat.id, id: "m1", role: "user", parts: text("bye") }] });
      await store().voteMessage({ chatId: chat.id, messageId: "m1", isUpvoted: true });

      expect(await store().deleteUserById({ id: user.id })).toBe(true);
      expect(await store().getUserById({ id: user.id })).toBeNull();
      expect(await store().getChatById({ id: chat.id })).toBeNull();
      expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
      expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([]);
      expect(await store().getChatById({ id: kept.id })).not.toBeNull();
      expect(await store().deleteUserById({ id: user.id })).toBe(false);
      expect(user.email && (await store().getUserByEmail({ email: user.email }))).toBeNull();
    });
  });

  describe("idle guests", () => {
    it("deletes only guests idle since before the cutoff, with their data", async () => {
      const start = Date.now();
      setStoreClock(start);
      const idle = await store().createUser({ isGuest: true });
      const idleChat = await chatOf(idle.id);
      const registered = await store().createUser({ isGuest: false, email: uniqueEmail(), passwordHash: "h" });
      const cutoff = new Date(start + 5);
      setStoreClock(start + 10);
      const active = await store().createUser({ isGuest: true });
      const revived = await store().createUser({ isGuest: true });
      await store().touchUser({ id: revived.id });

      const deleted = await store().deleteIdleGuests({ idleSince: cutoff });
      expect(deleted).toBeGreaterThanOrEqual(1);
      expect(await store().getUserById({ id: idle.id })).toBeNull();
      expect(await store().getChatById({ id: idleChat.id })).toBeNull();
      expect(await store().getUserById({ id: registered.id })).not.toBeNull();
      expect(await store().getUserById({ id: active.id })).not.toBeNull();
      expect(await store().getUserById({ id: revived.id })).not.toBeNull();
    });

    it("keeps a guest whose activity was recorded after the cutoff", async () => {
      const start = Date.now();
      setStoreClock(start);
      const guest = await store().createUser({ isGuest: true });
      const cutoff = new Date(start + 5);
      setStoreClock(start + 10);
      await store().touchUser({ id: guest.id });
      await store().deleteIdleGuests({ idleSince: cutoff });
      expect(await store().getUserById({ id: guest.id })).not.toBeNull();
    });
  });

  describe("usage", () => {
    it("counts a user's messages and sums answer tokens and cost since a moment", async () => {
      const user = await store().createUser({ isGuest: true });
      const other = await store().createUser({ isGuest: true });
      const chat = await chatOf(user.id);
      const otherChat = await chatOf(other.id);
      const before = new Date(Date.now() - 60_000);
      const since = new Date(Date.now() - 1_000);
      await store().saveMessages({
        messages: [
          { chatId: chat.id, id: "old", role: "user", parts: text("old"), createdAt: before },
          {
            chatId: chat.id,
            id: "old-answer",
            role: "assistant",
            parts: text("a"),
            createdAt: before,
            usage: { inputTokens: 1000, outputTokens: 1000, costUsd: 5 },
          },
          { chatId: chat.id, id: "u1", role: "user", parts: text("q1") },
          { chatId: chat.id, id: "a1", role: "assistant", parts: text("a1"), usage: { inputTokens: 10, outputTokens: 20, costUsd: 0.25 } },
          { chatId: chat.id, id: "u2", role: "user", parts: text("q2") },
          { chatId: chat.id, id: "a2", role: "assistant", parts: text("a2"), usage: { inputTokens: 5, outputTokens: 7, costUsd: 0.5 } },
          { chatId: otherChat.id, id: "x", role: "user", parts: text("other") },
          { chatId: otherChat.id, id: "xa", role: "assistant", parts: text("o"), usage: { inputTokens: 3, outputTokens: 3, costUsd: 1 } },
        ],
      });

      const mine = await store().getUsageSince({ userId: user.id, since });
      expect(mine).toEqual({ userMessages: 2, answers: 2, inputTokens: 15, outputTokens: 27, costUsd: 0.75 });

      const everyone = await store().getUsageSince({ since });
      expect(everyone.userMessages).toBeGreaterThanOrEqual(3);
      expect(everyone.costUsd).toBeGreaterThanOrEqual(1.75);

      const stored = await store().getMessagesByChatId({ chatId: chat.id });
      expect(stored.find((m) => m.id === "a1")).toMatchObject({ inputTokens: 10, outputTokens: 20, costUsd: 0.25 });
      expect(stored.find((m) => m.id === "u1")).toMatchObject({ inputTokens: null, outputTokens: null, costUsd: null });
    });

    it("sums every answer's cost since a moment, counting at once what it has just saved", async () => {
      // A moment no other test writes after, so the instance-wide sum is this test's alone.
      const since = new Date("2999-01-01T00:00:00Z");
      const later = new Date(since.getTime() + 1_000);
      const user = await store().createUser({ isGuest: true });
      const chat = await store().createChat({ id: randomUUID(), userId: user.id, title: "Spend" });
      if (!chat) throw new Error("createChat returned null for a fresh id");
      const answer = (id: string, costUsd: number, createdAt = later) => ({
        chatId: chat.id,
        id,
        role: "assistant" as const,
        parts: text(id),
        createdAt,
        usage: { inputTokens: 1, outputTokens: 1, costUsd },
      });
      await store().saveMessages({ messages: [answer("before", 4, new Date(since.getTime() - 1)), answer("a1", 0.25)] });
      expect(await store().getSpendSince({ since })).toBe(0.25);

      await store().saveMessages({ messages: [answer("a2", 0.5), { chatId: chat.id, id: "q", role: "user", parts: text("q"), createdAt: later }] });
      expect(await store().getSpendSince({ since })).toBe(0.75);
      expect((await store().getUsageSince({ since })).costUsd).toBe(0.75);
    });

    it("answers zeros for a user without messages", async () => {
      const user = await store().createUser({ isGuest: true });
      expect(await store().getUsageSince({ userId: user.id, since: new Date(0) })).toEqual({
        userMessages: 0,
        answers: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      });
    });
  });
}
