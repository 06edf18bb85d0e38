import { randomUUID } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import type { MessagePart } from "@/lib/db/schema";
import type { SaveMessageInput, Store } from "@/lib/db/store";

import { setStoreClock } from "../support/store-clock";

import { describeAccountsAndUsage } from "./store-accounts.contract";
import { describeOAuthAccounts } from "./store-oauth.contract";

export type StoreHarness = { store: Store; cleanup(): Promise<void> };

const textPart = (text: string): MessagePart => ({ type: "text", text });

/** Ordering is by millisecond timestamps: the next writes land at the next millisecond (see setStoreClock). */
function moveToNextMillisecond(): void {
  setStoreClock(Date.now() + 1);
}

/**
 * What persistence means, for every Store implementation. Each test makes its own users, so tests share one
 * store without seeing each other's rows.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness | undefined;
    const store = () => {
      if (!harness) throw new Error("store not started");
      return harness.store;
    };

    beforeAll(async () => {
      harness = await makeStore();
    });
    afterAll(async () => {
      await harness?.cleanup();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    const newUser = () => store().createUser({ isGuest: true });
    const newChat = async (userId: string, title = "A chat") => {
      const chat = await store().createChat({ id: randomUUID(), userId, title });
      if (!chat) throw new Error("createChat returned null for a fresh id");
      return chat;
    };
    const message = (chatId: string, id: string, overrides: Partial<SaveMessageInput> = {}): SaveMessageInput => ({
      chatId,
      id,
      role: "user",
      parts: [textPart(`text of ${id}`)],
      ...overrides,
    });

    it("answers a ping", async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    describe("users", () => {
      it("creates a guest without an email and finds it by id", async () => {
        const guest = await store().createUser({ isGuest: true });
        expect(guest).toMatchObject({ isGuest: true, email: null, passwordHash: null });
        expect(guest.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(guest.createdAt).toBeInstanceOf(Date);
        expect(await store().getUserById({ id: guest.id })).toEqual(guest);
      });

      it("allows any number of guests", async () => {
        const [first, second] = await Promise.all([newUser(), newUser()]);
        expect(first.id).not.toBe(second.id);
      });

      it("stores a registered user's email lower-cased", async () => {
        const local = randomUUID();
        const user = await store().createUser({
          isGuest: false,
          email: `Ada.${local}@Example.COM`,
          passwordHash: "hash-1",
        });
        expect(user).toMatchObject({ isGuest: false, email: `ada.${local}@example.com`, passwordHash: "hash-1" });
        expect(await store().getUserById({ id: user.id })).toEqual(user);
      });

      it("finds a user by email whatever the case of the lookup", async () => {
        const email = `grace.${randomUUID()}@example.com`;
        const user = await store().createUser({ isGuest: false, email });
        expect(await store().getUserByEmail({ email: email.toUpperCase() })).toEqual(user);
      });

      it("rejects a second user with the same email in another case", async () => {
        const email = `linus.${randomUUID()}@example.com`;
        await store().createUser({ isGuest: false, email });
        await expect(store().createUser({ isGuest: false, email: email.toUpperCase() })).rejects.toMatchObject({
          code: "conflict",
        });
      });

      it("returns null for an unknown id, a malformed id and an unknown email", async () => {
        expect(await store().getUserById({ id: randomUUID() })).toBeNull();
        expect(await store().getUserById({ id: "not-a-uuid" })).toBeNull();
        expect(await store().getUserByEmail({ email: `nobody.${randomUUID()}@example.com` })).toBeNull();
      });

      it("hands out copies that cannot change the stored user", async () => {
        const user = await newUser();
        user.isGuest = false;
        const fetched = await store().getUserById({ id: user.id });
        expect(fetched?.isGuest).toBe(true);
      });
    });

    describe("chats", () => {
      it("creates a private chat owned by the user", async () => {
        const user = await newUser();
        const id = randomUUID();
        const chat = await store().createChat({ id, userId: user.id, title: "Hello", model: "demo-fast" });
        expect(chat).toMatchObject({ id, userId: user.id, title: "Hello", visibility: "private", model: "demo-fast" });
        expect(chat?.updatedAt.getTime()).toBe(chat?.createdAt.getTime());
        expect(await store().getChatById({ id })).toEqual(chat);
      });

      it("accepts an upper-case id and answers with the lower-case one", async () => {
        const user = await newUser();
        const id = randomUUID();
        const chat = await store().createChat({ id: id.toUpperCase(), userId: user.id, title: "Upper" });
        expect(chat?.id).toBe(id);
        expect(await store().getChatForUser({ chatId: id.toUpperCase(), userId: user.id })).toEqual(chat);
      });

      it("returns null when the chat id already exists, even for another user, and keeps the original", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const original = await newChat(owner.id, "Original");
        expect(await store().createChat({ id: original.id, userId: owner.id, title: "Again" })).toBeNull();
        expect(await store().createChat({ id: original.id, userId: other.id, title: "Stolen" })).toBeNull();
        expect(await store().getChatById({ id: original.id })).toEqual(original);
      });

      it("rejects a chat for a user that does not exist", async () => {
        await expect(
          store().createChat({ id: randomUUID(), userId: randomUUID(), title: "Orphan" }),
        ).rejects.toMatchObject({ code: "not_found" });
      });

      it("rejects a chat id that is not a UUID", async () => {
        const user = await newUser();
        await expect(store().createChat({ id: "chat-1", userId: user.id, title: "Bad id" })).rejects.toMatchObject({
          code: "bad_request",
        });
      });

      it("hands out copies that cannot change the stored chat", async () => {
        const user = await newUser();
        const chat = await newChat(user.id, "Stored");
        chat.title = "Changed via create";
        const fetched = await store().getChatById({ id: chat.id });
        if (fetched) fetched.title = "Changed via get";
        const [listed] = (await store().listChatsByUserId({ userId: user.id, limit: 1 })).items;
        if (listed) listed.title = "Changed via list";
        expect((await store().getChatForUser({ chatId: chat.id, userId: user.id }))?.title).toBe("Stored");
      });

      it("returns null for an unknown or malformed chat id", async () => {
        expect(await store().getChatById({ id: randomUUID() })).toBeNull();
        expect(await store().getChatById({ id: "nope" })).toBeNull();
      });

      it("returns the chat to its owner", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        expect(await store().getChatForUser({ chatId: chat.id, userId: user.id })).toEqual(chat);
      });

      it("returns null for another user's chat", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const chat = await newChat(owner.id);
        expect(await store().getChatForUser({ chatId: chat.id, userId: other.id })).toBeNull();
      });

      it("lists a user's chats most recently updated first", async () => {
        const user = await newUser();
        const created = [];
        for (const title of ["first", "second", "third"]) {
          created.push(await newChat(user.id, title));
          moveToNextMillisecond();
        }
        const page = await store().listChatsByUserId({ userId: user.id, limit: 10 });
        expect(page.items.map((chat) => chat.title)).toEqual(["third", "second", "first"]);
        expect(page.items).toEqual([...created].reverse());
        expect(page.nextCursor).toBeNull();
      });

      it("lists only the user's own chats", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const mine = await newChat(owner.id, "mine");
        await newChat(other.id, "theirs");
        const page = await store().listChatsByUserId({ userId: owner.id, limit: 10 });
        expect(page.items.map((chat) => chat.id)).toEqual([mine.id]);
      });

      it("returns an empty page for a user without chats", async () => {
        const user = await newUser();
        expect(await store().listChatsByUserId({ userId: user.id, limit: 5 })).toEqual({ items: [], nextCursor: null });
      });

      it("pages through chats with a cursor, without duplicates or gaps", async () => {
        const user = await newUser();
        const ids: string[] = [];
        for (let index = 0; index < 7; index++) {
          ids.unshift((await newChat(user.id, `chat ${index}`)).id);
          moveToNextMillisecond();
        }
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const page = await store().listChatsByUserId({ userId: user.id, limit: 3, cursor });
          pages.push(page.items.map((chat) => chat.id));
          cursor = page.nextCursor;
        } while (cursor && pages.length < 10);
        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual(ids);
      });

      it("returns no cursor when the last page is exactly full", async () => {
        const user = await newUser();
        for (let index = 0; index < 4; index++) await newChat(user.id);
        const first = await store().listChatsByUserId({ userId: user.id, limit: 2 });
        expect(first.nextCursor).not.toBeNull();
        const second = await store().listChatsByUserId({ userId: user.id, limit: 2, cursor: first.nextCursor });
        expect(second.items).toHaveLength(2);
        expect(second.nextCursor).toBeNull();
      });

      it("pages chats that share an updatedAt by id, without duplicates or gaps", async () => {
        const user = await newUser();
        const chats = await Promise.all([1, 2, 3, 4, 5].map(() => newChat(user.id)));
        // One save bumps all five chats to the same instant.
        await store().saveMessages({ messages: chats.map((chat) => message(chat.id, "m1")) });
        const expected = chats.map((chat) => chat.id).sort((a, b) => (a < b ? 1 : -1));
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await store().listChatsByUserId({ userId: user.id, limit: 2, cursor });
          seen.push(...page.items.map((chat) => chat.id));
          cursor = page.nextCursor;
        } while (cursor && seen.length < 10);
        expect(seen).toEqual(expected);
      });

      it("rejects a malformed cursor and a limit below 1", async () => {
        const user = await newUser();
        await expect(store().listChatsByUserId({ userId: user.id, limit: 5, cursor: "garbage" })).rejects.toMatchObject(
          { code: "bad_request" },
        );
        await expect(store().listChatsByUserId({ userId: user.id, limit: 0 })).rejects.toMatchObject({
          code: "bad_request",
        });
      });

      it("moves a chat to the top when messages are saved to it", async () => {
        const user = await newUser();
        const oldest = await newChat(user.id, "oldest");
        moveToNextMillisecond();
        await newChat(user.id, "newest");
        moveToNextMillisecond();
        await store().saveMessages({ messages: [message(oldest.id, "m1")] });
        const page = await store().listChatsByUserId({ userId: user.id, limit: 10 });
        expect(page.items.map((chat) => chat.title)).toEqual(["oldest", "newest"]);
        expect(page.items[0]?.updatedAt.getTime()).toBeGreaterThan(oldest.updatedAt.getTime());
      });

      it("renames a chat for its owner without moving it in the list", async () => {
        const user = await newUser();
        const chat = await newChat(user.id, "Before");
        moveToNextMillisecond();
        expect(await store().updateChatTitle({ chatId: chat.id, userId: user.id, title: "After" })).toBe(true);
        const renamed = await store().getChatById({ id: chat.id });
        expect(renamed?.title).toBe("After");
        expect(renamed?.updatedAt).toEqual(chat.updatedAt);
      });

      it("does not rename another user's chat", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const chat = await newChat(owner.id, "Mine");
        expect(await store().updateChatTitle({ chatId: chat.id, userId: other.id, title: "Theirs" })).toBe(false);
        expect((await store().getChatById({ id: chat.id }))?.title).toBe("Mine");
      });

      it("changes visibility for its owner only", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const chat = await newChat(owner.id);
        expect(await store().updateChatVisibility({ chatId: chat.id, userId: other.id, visibility: "public" })).toBe(
          false,
        );
        expect((await store().getChatById({ id: chat.id }))?.visibility).toBe("private");
        expect(await store().updateChatVisibility({ chatId: chat.id, userId: owner.id, visibility: "public" })).toBe(
          true,
        );
        expect((await store().getChatById({ id: chat.id }))?.visibility).toBe("public");
      });

      it("remembers the model picked for a chat, for its owner only, without moving it in the list", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const chat = await store().createChat({ id: randomUUID(), userId: owner.id, title: "Models", model: "demo/chat" });
        expect(chat).not.toBeNull();
        moveToNextMillisecond();
        expect(await store().updateChatModel({ chatId: chat!.id, userId: other.id, model: "demo/mini" })).toBe(false);
        expect((await store().getChatById({ id: chat!.id }))?.model).toBe("demo/chat");
        expect(await store().updateChatModel({ chatId: chat!.id, userId: owner.id, model: "demo/reasoning" })).toBe(true);
        const updated = await store().getChatById({ id: chat!.id });
        expect(updated?.model).toBe("demo/reasoning");
        expect(updated?.updatedAt).toEqual(chat!.updatedAt);
        expect(await store().updateChatModel({ chatId: randomUUID(), userId: owner.id, model: "demo/chat" })).toBe(false);
      });

      it("deletes its owner's chat with the chat's messages and votes", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await store().saveMessages({ messages: [message(chat.id, "m1"), message(chat.id, "m2")] });
        await store().voteMessage({ chatId: chat.id, messageId: "m1", isUpvoted: true });

        expect(await store().deleteChatForUser({ chatId: chat.id, userId: user.id })).toBe(true);
        expect(await store().getChatById({ id: chat.id })).toBeNull();
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([]);
        // Reusing the id proves the rows are gone, not merely hidden behind the missing chat.
        await store().createChat({ id: chat.id, userId: user.id, title: "Reborn" });
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([]);
      });

      it("does not delete another user's chat", async () => {
        const [owner, other] = await Promise.all([newUser(), newUser()]);
        const chat = await newChat(owner.id);
        await store().saveMessages({ messages: [message(chat.id, "m1")] });
        expect(await store().deleteChatForUser({ chatId: chat.id, userId: other.id })).toBe(false);
        expect(await store().getChatById({ id: chat.id })).not.toBeNull();
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toHaveLength(1);
        expect(await store().deleteChatForUser({ chatId: randomUUID(), userId: owner.id })).toBe(false);
      });
    });

    describe("messages", () => {
      it("returns a chat's messages oldest first", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const base = Date.parse("2025-01-01T10:00:00.000Z");
        await store().saveMessages({
          messages: [
            message(chat.id, "c", { createdAt: new Date(base + 2) }),
            message(chat.id, "a", { createdAt: new Date(base + 1) }),
            message(chat.id, "b", { createdAt: new Date(base + 3), role: "assistant" }),
          ],
        });
        const saved = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved.map((row) => row.id)).toEqual(["a", "c", "b"]);
        expect(saved.map((row) => row.createdAt.getTime())).toEqual([base + 1, base + 2, base + 3]);
        expect(saved[2]).toMatchObject({ chatId: chat.id, role: "assistant", status: "complete", model: null });
      });

      it("keeps each message's parent, also when the message is saved again without one", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await store().saveMessages({
          messages: [
            message(chat.id, "q", { createdAt: new Date(Date.now() - 3) }),
            message(chat.id, "a1", { role: "assistant", parentId: "q", createdAt: new Date(Date.now() - 2) }),
            message(chat.id, "a2", { role: "assistant", parentId: "q", createdAt: new Date(Date.now() - 1) }),
          ],
        });
        await store().saveMessages({ messages: [message(chat.id, "a2", { role: "assistant", status: "stopped" })] });
        const saved = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved.map((row) => [row.id, row.parentId])).toEqual([
          ["q", null],
          ["a1", "q"],
          ["a2", "q"],
        ]);
        expect(saved[2]?.status).toBe("stopped");
      });

      it("orders messages saved at the same instant by id, byte-wise", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const createdAt = new Date("2025-01-01T10:00:00.000Z");
        await store().saveMessages({
          messages: ["msg-b", "msg-a", "msg-B"].map((id) => message(chat.id, id, { createdAt })),
        });
        const saved = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved.map((row) => row.id)).toEqual(["msg-B", "msg-a", "msg-b"]);
      });

      it("replaces parts, status and model of a message saved again under the same id", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const createdAt = new Date("2025-02-03T04:05:06.789Z");
        await store().saveMessages({
          messages: [
            message(chat.id, "a1", { role: "assistant", parts: [textPart("Hel")], status: "stopped", createdAt }),
          ],
        });
        await store().saveMessages({
          messages: [
            message(chat.id, "a1", { role: "assistant", parts: [textPart("Hello!")], status: "error", model: "m-2" }),
          ],
        });
        const saved = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved).toHaveLength(1);
        expect(saved[0]).toMatchObject({ id: "a1", parts: [textPart("Hello!")], status: "error", model: "m-2" });
        expect(saved[0]?.createdAt).toEqual(createdAt);
      });

      it("keeps messages with the same id in different chats apart", async () => {
        const user = await newUser();
        const [first, second] = await Promise.all([newChat(user.id), newChat(user.id)]);
        await store().saveMessages({ messages: [message(first.id, "same", { parts: [textPart("one")] })] });
        await store().saveMessages({ messages: [message(second.id, "same", { parts: [textPart("two")] })] });
        expect((await store().getMessagesByChatId({ chatId: first.id })).map((row) => row.parts)).toEqual([
          [textPart("one")],
        ]);
        expect((await store().getMessagesByChatId({ chatId: second.id })).map((row) => row.parts)).toEqual([
          [textPart("two")],
        ]);
      });

      it("round-trips parts with nested objects and unicode", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const parts: MessagePart[] = [
          textPart("Grüße, 世界! 👋🏽 — \"quoted\" \\ backslash\nnew line"),
          {
            type: "data-weather",
            data: {
              city: "Zürich",
              forecast: [{ day: 1, temperature: { min: -2.5, max: 3 }, tags: ["🌧️", "風"] }],
              empty: {},
              missing: null,
              big: 12345678901234,
              flag: false,
            },
          },
          { type: "reasoning", text: "ℝ ∑ ∞" },
        ];
        await store().saveMessages({ messages: [message(chat.id, "u1", { parts })] });
        const [saved] = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved?.parts).toEqual(parts);
      });

      it("stores what was saved, not what the caller changes afterwards", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const parts: MessagePart[] = [textPart("original")];
        await store().saveMessages({ messages: [message(chat.id, "u1", { parts })] });
        parts.push(textPart("added later"));
        const [fetched] = await store().getMessagesByChatId({ chatId: chat.id });
        fetched?.parts.push(textPart("added to a copy"));
        const [again] = await store().getMessagesByChatId({ chatId: chat.id });
        expect(again?.parts).toEqual([textPart("original")]);
      });

      it("bumps the chat's updatedAt when messages are saved", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        moveToNextMillisecond();
        await store().saveMessages({ messages: [message(chat.id, "m1")] });
        const bumped = await store().getChatById({ id: chat.id });
        expect(bumped?.updatedAt.getTime()).toBeGreaterThan(chat.updatedAt.getTime());
        expect(bumped?.createdAt).toEqual(chat.createdAt);
      });

      it("rejects messages for a chat that does not exist and saves none of the batch", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await expect(
          store().saveMessages({ messages: [message(chat.id, "m1"), message(randomUUID(), "m2")] }),
        ).rejects.toMatchObject({ code: "not_found" });
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
        expect((await store().getChatById({ id: chat.id }))?.updatedAt).toEqual(chat.updatedAt);
      });

      it("returns no messages for a chat without any, or an unknown chat", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await store().saveMessages({ messages: [] });
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
        expect(await store().getMessagesByChatId({ chatId: randomUUID() })).toEqual([]);
      });
    });

    describe("search", () => {
      const search = (userId: string, query: string, limit = 20) => store().searchChatsByUserId({ userId, query, limit });

      it("finds chats by title or message text, ignoring case, newest first, with a snippet of the match", async () => {
        const user = await newUser();
        const byTitle = await newChat(user.id, "Sourdough starter schedule");
        const byText = await newChat(user.id, "Weekend plans");
        await newChat(user.id, "Unrelated");
        moveToNextMillisecond();
        await store().saveMessages({
          messages: [
            message(byText.id, "q", { parts: [textPart("What should I bake?")] }),
            message(byText.id, "a", { role: "assistant", parts: [textPart(`${"x ".repeat(60)}Try a SOURDOUGH loaf with a long cold proof, then bake it in a hot Dutch oven for a crisp crust.`)] }),
          ],
        });
        const results = await search(user.id, "sourdough");
        expect(results.map((result) => result.chat.id)).toEqual([byText.id, byTitle.id]);
        expect(results[0]?.snippet).toMatch(/^….*SOURDOUGH loaf/);
        expect(results[0]?.snippet?.length).toBeLessThan(170);
        expect(results[1]?.snippet).toBeNull();
      });

      it("matches % and _ literally, not message JSON, and only the user's own chats", async () => {
        const user = await newUser();
        const other = await newUser();
        const percent = await newChat(user.id, "Growth of 50% a year");
        await newChat(user.id, "Growth of 50 a year");
        await newChat(other.id, "Growth of 50% a year");
        const withParts = await newChat(user.id, "Parts");
        await store().saveMessages({ messages: [message(withParts.id, "m", { parts: [textPart("plain words")] })] });
        expect((await search(user.id, "50%")).map((result) => result.chat.id)).toEqual([percent.id]);
        expect(await search(user.id, "e_of")).toEqual([]);
        // The parts are stored as JSON: its keys ("type", "text") must not match.
        expect(await search(user.id, "type")).toEqual([]);
      });

      it("returns at most `limit` chats", async () => {
        const user = await newUser();
        for (let i = 0; i < 3; i++) await newChat(user.id, `Note ${i}`);
        expect(await search(user.id, "note", 2)).toHaveLength(2);
      });
    });

    describe("files", () => {
      const newFile = (userId: string) => {
        const id = randomUUID();
        return store().createFile({ id, userId, name: "cat.png", mediaType: "image/png", size: 42, storageKey: `${userId}/${id}` });
      };

      it("records an upload for its user, unattached", async () => {
        const user = await newUser();
        const file = await newFile(user.id);
        expect(file).toMatchObject({ userId: user.id, chatId: null, name: "cat.png", mediaType: "image/png", size: 42 });
        expect(await store().getFileById({ id: file.id })).toEqual(file);
        expect(await store().getFileById({ id: "nope" })).toBeNull();
        await expect(newFile(randomUUID())).rejects.toMatchObject({ code: "not_found" });
      });

      it("attaches the user's own unattached files to a chat, all or none", async () => {
        const user = await newUser();
        const other = await newUser();
        const chat = await newChat(user.id);
        const otherChat = await newChat(user.id);
        const [a, b] = [await newFile(user.id), await newFile(user.id)];
        const foreign = await newFile(other.id);
        expect(await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [a.id, foreign.id] })).toBe(false);
        expect((await store().getFileById({ id: a.id }))?.chatId).toBeNull();
        expect(await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [a.id, b.id] })).toBe(true);
        expect((await store().getFileById({ id: b.id }))?.chatId).toBe(chat.id);
        // Again in the same chat is fine (a resent message); in another chat it is not.
        expect(await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [a.id] })).toBe(true);
        expect(await store().attachFilesToChat({ userId: user.id, chatId: otherChat.id, fileIds: [a.id] })).toBe(false);
        expect(await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [randomUUID()] })).toBe(false);
      });

      it("hands over orphans: files of deleted users, of deleted chats and old unsent uploads", async () => {
        const user = await newUser();
        const gone = await newUser();
        const chat = await newChat(user.id);
        const kept = await newFile(user.id);
        await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [kept.id] });
        const fresh = await newFile(user.id);
        const ofGoneUser = await newFile(gone.id);
        await store().deleteUserById({ id: gone.id });
        expect((await store().getFileById({ id: ofGoneUser.id }))?.userId).toBeNull();

        const now = await store().deleteOrphanFiles({ unattachedBefore: new Date(0) });
        expect(now.map((file) => file.id)).toContain(ofGoneUser.id);
        expect(now.map((file) => file.id)).not.toContain(fresh.id);
        expect(await store().getFileById({ id: ofGoneUser.id })).toBeNull();

        await store().deleteChatForUser({ chatId: chat.id, userId: user.id });
        const later = await store().deleteOrphanFiles({ unattachedBefore: new Date(Date.now() + 60_000) });
        expect(later.map((file) => file.id)).toEqual(expect.arrayContaining([kept.id, fresh.id]));
        expect(later.find((file) => file.id === kept.id)?.storageKey).toBe(kept.storageKey);
      });

      it("keeps a document's text, pages and characters with its row; an image has none", async () => {
        const user = await newUser();
        const id = randomUUID();
        const text = "Quarterly report — \u{1F4C8} up 12%\nSecond line";
        const document = await store().createFile({
          id,
          userId: user.id,
          name: "report.pdf",
          mediaType: "application/pdf",
          size: 2048,
          storageKey: `${user.id}/${id}`,
          document: { kind: "pdf", text, pageCount: 3, charCount: text.length, truncated: true },
        });
        expect(document).toMatchObject({ kind: "pdf", text, pageCount: 3, charCount: text.length, truncated: true, attachedAt: null });
        expect(await store().getFileById({ id })).toEqual(document);
        expect(await newFile(user.id)).toMatchObject({ kind: "image", text: null, pageCount: null, charCount: null, truncated: false });
      });

      it("makes a file sent in a deleted chat an orphan at once, but never a fresh unsent upload", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        const sent = await newFile(user.id);
        const unsent = await newFile(user.id);
        await store().attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds: [sent.id] });
        const attached = await store().getFileById({ id: sent.id });
        expect(attached?.attachedAt).toBeInstanceOf(Date);
        const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
        expect((await store().deleteOrphanFiles({ unattachedBefore: dayAgo })).map((file) => file.id)).not.toContain(sent.id);

        await store().deleteChatForUser({ chatId: chat.id, userId: user.id });
        const removed = (await store().deleteOrphanFiles({ unattachedBefore: dayAgo })).map((file) => file.id);
        expect(removed).toContain(sent.id);
        expect(removed).not.toContain(unsent.id);
        expect(await store().getFileById({ id: unsent.id })).not.toBeNull();
      });

      it("reads several files in one call, leaving out unknown and malformed ids", async () => {
        const user = await newUser();
        const [a, b] = [await newFile(user.id), await newFile(user.id)];
        const found = await store().getFilesByIds({ ids: [a.id, randomUUID(), b.id.toUpperCase(), "nope", a.id] });
        expect(found.map((file) => file.id).sort()).toEqual([a.id, b.id].sort());
        expect(found.find((file) => file.id === a.id)).toEqual(a);
        expect(await store().getFilesByIds({ ids: [] })).toEqual([]);
      });

      it("moves a guest's files with their chats when the guest signs in", async () => {
        const guest = await newUser();
        const registered = await store().createUser({ isGuest: false, email: `files.${randomUUID()}@example.com` });
        const file = await newFile(guest.id);
        await store().mergeGuestIntoUser({ guestId: guest.id, userId: registered.id });
        expect((await store().getFileById({ id: file.id }))?.userId).toBe(registered.id);
      });
    });

    describe("chat turns", () => {
      const newFile = (userId: string) => {
        const id = randomUUID();
        return store().createFile({ id, userId, name: "dog.png", mediaType: "image/png", size: 7, storageKey: `${userId}/${id}` });
      };
      const turn = (userId: string, chatId: string, overrides: { model?: string; fileIds?: string[]; message?: SaveMessageInput | null } = {}) => ({
        chat: { id: chatId, userId, title: "First words", model: overrides.model ?? "demo/chat" },
        fileIds: overrides.fileIds ?? [],
        message: overrides.message === undefined ? message(chatId, `m-${randomUUID()}`, { parentId: null }) : overrides.message,
      });

      it("creates the chat, attaches the files and saves the message, in one call", async () => {
        const user = await newUser();
        const file = await newFile(user.id);
        const chatId = randomUUID();
        const sent = message(chatId, "q1", { parentId: null, parts: [textPart("hello")] });
        moveToNextMillisecond();
        expect(await store().saveChatTurn(turn(user.id, chatId, { fileIds: [file.id], message: sent }))).toBe("saved");

        expect(await store().getChatForUser({ chatId, userId: user.id })).toMatchObject({ title: "First words", model: "demo/chat" });
        expect(await store().getMessagesByChatId({ chatId })).toEqual([
          expect.objectContaining({ id: "q1", role: "user", parentId: null, parts: [textPart("hello")], status: "complete" }),
        ]);
        const attached = await store().getFileById({ id: file.id });
        expect(attached?.chatId).toBe(chatId);
        // Sent: once its chat is deleted, the file is an orphan at once (documents, #13).
        expect(attached?.attachedAt).toBeInstanceOf(Date);
        expect((await store().listChatsByUserId({ userId: user.id, limit: 10 })).items.map((chat) => chat.id)).toEqual([chatId]);
        const active = (await store().getUserById({ id: user.id }))?.lastActiveAt.getTime() ?? 0;
        expect(active).toBeGreaterThan(user.lastActiveAt.getTime());
      });

      it("on an existing chat keeps its title, remembers the model, moves it up and keeps a resent message as first saved", async () => {
        const user = await newUser();
        const chat = await newChat(user.id, "Kept title");
        const first = message(chat.id, "q1", { parentId: null, parts: [textPart("original")] });
        await store().saveChatTurn(turn(user.id, chat.id, { message: first }));
        const before = await store().getChatForUser({ chatId: chat.id, userId: user.id });
        moveToNextMillisecond();
        await newChat(user.id, "Newer");
        moveToNextMillisecond();
        const resent = { ...first, parts: [textPart("rewritten")] };
        expect(await store().saveChatTurn(turn(user.id, chat.id, { model: "demo/reasoning", message: resent }))).toBe("saved");

        const after = await store().getChatForUser({ chatId: chat.id, userId: user.id });
        expect(after).toMatchObject({ title: "Kept title", model: "demo/reasoning" });
        expect((await store().listChatsByUserId({ userId: user.id, limit: 1 })).items.map((listed) => listed.id)).toEqual([chat.id]);
        expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
        const saved = await store().getMessagesByChatId({ chatId: chat.id });
        expect(saved.map((row) => row.parts)).toEqual([[textPart("original")]]);
        expect(await store().saveChatTurn(turn(user.id, chat.id, { message: null }))).toBe("saved");
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toHaveLength(1);
      });

      it("writes nothing to someone else's chat", async () => {
        const owner = await newUser();
        const intruder = await newUser();
        const chat = await newChat(owner.id);
        const file = await newFile(intruder.id);
        await expect(store().saveChatTurn(turn(intruder.id, chat.id, { model: "demo/mini", fileIds: [file.id] }))).rejects.toMatchObject({
          code: "not_found",
        });
        expect((await store().getChatById({ id: chat.id }))?.model).toBeNull();
        expect(await store().getMessagesByChatId({ chatId: chat.id })).toEqual([]);
        expect((await store().getFileById({ id: file.id }))?.chatId).toBeNull();
      });

      it("attaches a file to one chat only when two turns race for it", async () => {
        const user = await newUser();
        const file = await newFile(user.id);
        const chatIds = [randomUUID(), randomUUID()];
        const outcomes = await Promise.all(chatIds.map((chatId) => store().saveChatTurn(turn(user.id, chatId, { fileIds: [file.id] }))));
        expect(outcomes.toSorted()).toEqual(["files_unavailable", "saved"]);
        const winner = chatIds[outcomes.indexOf("saved")];
        expect((await store().getFileById({ id: file.id }))?.chatId).toBe(winner);
        expect(await store().getChatById({ id: chatIds[outcomes.indexOf("files_unavailable")]! })).toBeNull();
      });

      it("writes nothing when a file is someone else's, attached to another chat or unknown", async () => {
        const user = await newUser();
        const other = await newUser();
        const elsewhere = await newChat(user.id);
        const attached = await newFile(user.id);
        expect(await store().saveChatTurn(turn(user.id, elsewhere.id, { fileIds: [attached.id] }))).toBe("saved");
        const own = await newFile(user.id);
        for (const bad of [(await newFile(other.id)).id, attached.id, randomUUID()]) {
          const chatId = randomUUID();
          expect(await store().saveChatTurn(turn(user.id, chatId, { fileIds: [own.id, bad] }))).toBe("files_unavailable");
          expect(await store().getChatById({ id: chatId })).toBeNull();
          expect(await store().getMessagesByChatId({ chatId })).toEqual([]);
        }
        expect((await store().getFileById({ id: own.id }))?.chatId).toBeNull();
      });
    });

    describe("turn context", () => {
      it("reads the chat, its messages and the user's usage since a moment, as the single reads answer them", async () => {
        const user = await newUser();
        const chat = await newChat(user.id, "Context");
        const since = new Date(Date.now() - 60_000);
        await store().saveMessages({
          messages: [
            message(chat.id, "q1", { parentId: null, parts: [textPart("question")], createdAt: new Date(since.getTime() + 1) }),
            message(chat.id, "a1", {
              role: "assistant",
              parentId: "q1",
              model: "demo/chat",
              parts: [{ type: "reasoning", text: "hm" }, textPart("answer")],
              usage: { inputTokens: 12, outputTokens: 34, costUsd: 0.125 },
            }),
            message(chat.id, "old", { createdAt: new Date(since.getTime() - 1) }),
          ],
        });

        const context = await store().getChatTurnContext({ chatId: chat.id, userId: user.id, usageSince: since });
        expect(context.chat).toEqual(await store().getChatById({ id: chat.id }));
        expect(context.messages).toEqual(await store().getMessagesByChatId({ chatId: chat.id }));
        expect(context.messages.map((row) => row.id)).toEqual(["old", "q1", "a1"]);
        expect(context.messages[2]).toMatchObject({ inputTokens: 12, outputTokens: 34, costUsd: 0.125, status: "complete" });
        expect(context.messages[2]!.createdAt).toBeInstanceOf(Date);
        expect(context.usage).toEqual(await store().getUsageSince({ userId: user.id, since }));
        expect(context.usage).toEqual({ userMessages: 1, answers: 1, inputTokens: 12, outputTokens: 34, costUsd: 0.125 });
      });

      it("reads the user's row with it when asked, as getUserById reads it, and null for a user that is gone", async () => {
        const user = await newUser();
        const chat = await newChat(user.id, "With user");
        const since = new Date(0);
        const context = await store().getChatTurnContext({ chatId: chat.id, userId: user.id, usageSince: since, withUser: true });
        expect(context.user).toEqual(await store().getUserById({ id: user.id }));
        expect(context.user?.createdAt).toBeInstanceOf(Date);
        expect(context.chat).toEqual(await store().getChatById({ id: chat.id }));
        expect((await store().getChatTurnContext({ chatId: chat.id, userId: user.id, usageSince: since })).user).toBeUndefined();

        for (const userId of [randomUUID(), "not-a-uuid"]) {
          const gone = await store().getChatTurnContext({ chatId: chat.id, userId, usageSince: since, withUser: true });
          expect(gone.user).toBeNull();
          expect(gone.messages).toEqual([]);
        }
      });

      it("gives someone else's chat without its messages, and no chat for an unknown or malformed id", async () => {
        const owner = await newUser();
        const intruder = await newUser();
        const chat = await newChat(owner.id);
        await store().saveMessages({ messages: [message(chat.id, "secret")] });
        const since = new Date(0);

        const foreign = await store().getChatTurnContext({ chatId: chat.id, userId: intruder.id, usageSince: since });
        expect(foreign.chat).toMatchObject({ id: chat.id, userId: owner.id });
        expect(foreign.messages).toEqual([]);
        expect(foreign.usage).toMatchObject({ userMessages: 0, answers: 0 });

        for (const chatId of [randomUUID(), "not-a-uuid"]) {
          const missing = await store().getChatTurnContext({ chatId, userId: owner.id, usageSince: since });
          expect(missing).toEqual({ chat: null, messages: [], usage: expect.objectContaining({ userMessages: 1 }) });
        }
      });
    });

    describe("live answers", () => {
      const soon = () => new Date(Date.now() + 60_000);
      /** A turn whose answer is saved at once as an empty `interrupted` row and named the chat's live answer. */
      const startAnswer = async (userId: string, chatId: string, answerId: string) => {
        const sentAt = new Date();
        const question = message(chatId, `q-${answerId}`, { parentId: null, createdAt: sentAt });
        const answer = message(chatId, answerId, {
          role: "assistant",
          parentId: question.id,
          parts: [],
          status: "interrupted",
          model: "demo/chat",
          createdAt: new Date(sentAt.getTime() + 1),
        });
        const turn = { chat: { id: chatId, userId, title: "Live", model: "demo/chat" }, fileIds: [], message: question, answer: { message: answer, liveUntil: soon() } };
        expect(await store().saveChatTurn(turn)).toBe("saved");
        return answer;
      };

      it("saves the answer's row with the question and names it the chat's live answer until its lease", async () => {
        const user = await newUser();
        const chatId = randomUUID();
        const liveUntil = soon();
        const sentAt = new Date();
        const question = message(chatId, "q1", { parentId: null, createdAt: sentAt });
        const answer = message(chatId, "a1", { role: "assistant", parentId: "q1", parts: [], status: "interrupted", createdAt: new Date(sentAt.getTime() + 1) });
        const chat = { id: chatId, userId: user.id, title: "Live", model: "demo/chat" };
        await store().saveChatTurn({ chat, fileIds: [], message: question, answer: { message: answer, liveUntil } });
        const saved = await store().getChatById({ id: chatId });
        expect(saved).toMatchObject({ activeStreamId: "a1" });
        expect(saved?.activeStreamExpiresAt?.getTime()).toBe(liveUntil.getTime());
        const rows = await store().getMessagesByChatId({ chatId });
        expect(rows.map((row) => [row.id, row.role, row.status, row.parts])).toEqual([
          ["q1", "user", "complete", [textPart("text of q1")]],
          ["a1", "assistant", "interrupted", []],
        ]);
      });

      it("replaces the row with each progress write and renews the lease", async () => {
        const user = await newUser();
        const chatId = randomUUID();
        const answer = await startAnswer(user.id, chatId, "a1");
        const later = new Date(Date.now() + 120_000);
        const progress = { ...answer, parts: [textPart("so far")] };
        expect(await store().saveAnswerProgress({ chatId, answerId: "a1", message: progress, liveUntil: later })).toBe(true);
        expect((await store().getChatById({ id: chatId }))?.activeStreamExpiresAt?.getTime()).toBe(later.getTime());
        const [, row] = await store().getMessagesByChatId({ chatId });
        expect(row).toMatchObject({ id: "a1", status: "interrupted", parts: [textPart("so far")] });
        // The lease alone.
        expect(await store().saveAnswerProgress({ chatId, answerId: "a1", liveUntil: soon() })).toBe(true);
        expect((await store().getMessagesByChatId({ chatId }))[1]?.parts).toEqual([textPart("so far")]);
      });

      it("ends the live answer when it is saved, after which a late progress write changes nothing", async () => {
        const user = await newUser();
        const chatId = randomUUID();
        const answer = await startAnswer(user.id, chatId, "a1");
        await store().saveMessages({ messages: [{ ...answer, parts: [textPart("the whole answer")], status: "complete" }] });
        expect(await store().getChatById({ id: chatId })).toMatchObject({ activeStreamId: null, activeStreamExpiresAt: null });
        const late = { ...answer, parts: [textPart("so")] };
        expect(await store().saveAnswerProgress({ chatId, answerId: "a1", message: late, liveUntil: soon() })).toBe(false);
        const [, row] = await store().getMessagesByChatId({ chatId });
        expect(row).toMatchObject({ status: "complete", parts: [textPart("the whole answer")] });
      });

      it("hands the chat to a newer answer: the older one's progress and save leave it alone", async () => {
        const user = await newUser();
        const chatId = randomUUID();
        const first = await startAnswer(user.id, chatId, "a1");
        await startAnswer(user.id, chatId, "a2");
        expect(await store().saveAnswerProgress({ chatId, answerId: "a1", message: { ...first, parts: [textPart("old")] }, liveUntil: soon() })).toBe(false);
        await store().saveMessages({ messages: [{ ...first, status: "stopped" }] });
        expect(await store().getChatById({ id: chatId })).toMatchObject({ activeStreamId: "a2" });
        expect(await store().saveAnswerProgress({ chatId, answerId: "a2", liveUntil: soon() })).toBe(true);
      });
    });

    describe("votes", () => {
      it("records a vote on a message and replaces it on a second vote", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await store().saveMessages({ messages: [message(chat.id, "a1", { role: "assistant" })] });
        await store().voteMessage({ chatId: chat.id, messageId: "a1", isUpvoted: true });
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([
          { chatId: chat.id, messageId: "a1", isUpvoted: true },
        ]);
        await store().voteMessage({ chatId: chat.id, messageId: "a1", isUpvoted: false });
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([
          { chatId: chat.id, messageId: "a1", isUpvoted: false },
        ]);
      });

      it("lists only the chat's votes, by message id", async () => {
        const user = await newUser();
        const [chat, other] = await Promise.all([newChat(user.id), newChat(user.id)]);
        await store().saveMessages({
          messages: [message(chat.id, "b"), message(chat.id, "a"), message(other.id, "a")],
        });
        await store().voteMessage({ chatId: chat.id, messageId: "b", isUpvoted: false });
        await store().voteMessage({ chatId: chat.id, messageId: "a", isUpvoted: true });
        await store().voteMessage({ chatId: other.id, messageId: "a", isUpvoted: false });
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([
          { chatId: chat.id, messageId: "a", isUpvoted: true },
          { chatId: chat.id, messageId: "b", isUpvoted: false },
        ]);
      });

      it("rejects a vote on a message that does not exist", async () => {
        const user = await newUser();
        const chat = await newChat(user.id);
        await expect(
          store().voteMessage({ chatId: chat.id, messageId: "missing", isUpvoted: true }),
        ).rejects.toMatchObject({ code: "not_found" });
        expect(await store().getVotesByChatId({ chatId: chat.id })).toEqual([]);
      });
    });

    describeAccountsAndUsage(store);
    describeOAuthAccounts(store);
  });
}
