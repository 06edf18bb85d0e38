import "server-only";

import { randomUUID } from "node:crypto";

import { AppError } from "@/lib/errors";
import { parseIsoInstant } from "@/lib/http/iso-instant";

import type { Account, Chat, FileRecord, Message, User, Visibility, Vote } from "./schema";
import { containsIgnoringCase, snippetAround } from "./search-text";
import type { ChatSearchResult, ChatTurnInput, Page, SaveMessageInput, Store, UsageSummary } from "./store";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Postgres' uuid type accepts any case and answers lower-case; normalizing keeps the two stores identical. */
function normalizeUuid(id: string): string | null {
  return UUID_PATTERN.test(id) ? id.toLowerCase() : null;
}

function requireUuid(id: string, what: string): string {
  const normalized = normalizeUuid(id);
  if (!normalized) throw new AppError("bad_request", `${what} must be a UUID`);
  return normalized;
}

function requirePageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new AppError("bad_request", "limit must be a positive integer");
}

/** Byte-wise order, like Postgres with COLLATE "C", which DrizzleStore uses for text ids. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeCursor(chat: Chat): string {
  return Buffer.from(JSON.stringify([chat.updatedAt.toISOString(), chat.id])).toString("base64url");
}

function decodeCursor(cursor: string): { updatedAt: number; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const time = typeof updatedAt === "string" ? parseIsoInstant(updatedAt) : null;
    const uuid = typeof id === "string" ? normalizeUuid(id) : null;
    if (time !== null && uuid) return { updatedAt: time, id: uuid };
  } catch {
    // Falls through to the error below: a cursor is opaque, so any decoding failure means the client sent garbage.
  }
  throw new AppError("bad_request", "Invalid cursor");
}

/**
 * In a list of chats newest first, ties broken by id descending (DrizzleStore's keyset order: updated_at desc,
 * id desc), the index of the first chat that sorts after the position (updatedAt, id).
 */
function firstChatAfter(list: readonly Chat[], updatedAt: number, id: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const chat = list[middle]!;
    const time = chat.updatedAt.getTime();
    if (time > updatedAt || (time === updatedAt && compareText(chat.id, id) >= 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

const messageKey = (chatId: string, id: string) => `${chatId}\u0000${id}`;
const accountKey = (provider: string, providerAccountId: string) => `${provider}\u0000${providerAccountId}`;

/**
 * The zero-setup store: everything lives in this process and is gone on restart. Behaves exactly like
 * DrizzleStore (the contract suite runs against both) and hands out copies, so callers cannot mutate its state.
 */
function compareMessagesOldestFirst(a: Message, b: Message): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.id, b.id);
}

export class MemoryStore implements Store {
  readonly kind = "memory" as const;

  private readonly users = new Map<string, User>();
  private readonly userIdsByEmail = new Map<string, string>();
  private readonly chats = new Map<string, Chat>();
  /** Keyed by chatId + id, mirroring the composite primary key. */
  private readonly messages = new Map<string, Message>();
  private readonly votes = new Map<string, Vote>();
  /** Keyed by provider + providerAccountId, mirroring the composite primary key. */
  private readonly accounts = new Map<string, Account>();
  private readonly files = new Map<string, FileRecord>();
  /** Each user's chats in the list's order (newest first), kept in step with `chats`: a page costs a binary search. */
  private readonly chatsByUser = new Map<string, Chat[]>();
  /** Each chat's message keys, which are also its vote keys: a chat's messages without a scan of everyone's. */
  private readonly messageKeysByChat = new Map<string, Set<string>>();

  /** Always answers: there is no connection to lose. */
  async ping(): Promise<void> {}

  /** Forgets everything. */
  async close(): Promise<void> {
    this.users.clear();
    this.userIdsByEmail.clear();
    this.chats.clear();
    this.messages.clear();
    this.votes.clear();
    this.accounts.clear();
    this.files.clear();
    this.chatsByUser.clear();
    this.messageKeysByChat.clear();
  }

  /** Creates a user; emails are stored lower-cased. Throws AppError `conflict` on a duplicate email. */
  async createUser(input: { isGuest: boolean; email?: string | null; passwordHash?: string | null }): Promise<User> {
    const email = input.email ? input.email.toLowerCase() : null;
    if (email !== null && this.userIdsByEmail.has(email)) {
      throw new AppError("conflict", "An account with this email already exists");
    }
    const user: User = {
      id: randomUUID(),
      email,
      passwordHash: input.passwordHash ?? null,
      isGuest: input.isGuest,
      createdAt: new Date(),
      lastActiveAt: new Date(),
    };
    this.users.set(user.id, user);
    if (email !== null) this.userIdsByEmail.set(email, user.id);
    return structuredClone(user);
  }

  /** The user, or null when unknown (or when id is not a UUID). */
  async getUserById(input: { id: string }): Promise<User | null> {
    const id = normalizeUuid(input.id);
    const user = id ? this.users.get(id) : undefined;
    return user ? structuredClone(user) : null;
  }

  /** Looks the email up case-insensitively. */
  async getUserByEmail(input: { email: string }): Promise<User | null> {
    const id = this.userIdsByEmail.get(input.email.toLowerCase());
    return id ? this.getUserById({ id }) : null;
  }

  async touchUser(input: { id: string }): Promise<void> {
    const id = normalizeUuid(input.id);
    const user = id ? this.users.get(id) : undefined;
    if (user) user.lastActiveAt = new Date();
  }

  async registerGuest(input: { id: string; email: string; passwordHash: string }): Promise<User | null> {
    const id = normalizeUuid(input.id);
    const user = id ? this.users.get(id) : undefined;
    if (!user || !user.isGuest) return null;
    const email = input.email.toLowerCase();
    if (this.userIdsByEmail.has(email)) throw new AppError("conflict", "An account with this email already exists");
    Object.assign(user, { email, passwordHash: input.passwordHash, isGuest: false, lastActiveAt: new Date() });
    this.userIdsByEmail.set(email, user.id);
    return structuredClone(user);
  }

  async updateUserPassword(input: { id: string; passwordHash: string }): Promise<boolean> {
    const id = normalizeUuid(input.id);
    const user = id ? this.users.get(id) : undefined;
    if (!user) return false;
    user.passwordHash = input.passwordHash;
    return true;
  }

  async mergeGuestIntoUser(input: { guestId: string; userId: string }): Promise<number> {
    const guestId = normalizeUuid(input.guestId);
    const userId = normalizeUuid(input.userId);
    const guest = guestId ? this.users.get(guestId) : undefined;
    if (!guest?.isGuest || !userId || !this.users.has(userId) || guestId === userId) return 0;
    let moved = 0;
    for (const file of this.files.values()) if (file.userId === guestId) file.userId = userId;
    for (const chat of this.chatsOf(guest.id)) {
      this.unlistChat(chat);
      chat.userId = userId;
      this.listChat(chat);
      moved++;
    }
    this.deleteAccountsOf(guest.id);
    this.users.delete(guest.id);
    return moved;
  }

  async deleteUserById(input: { id: string }): Promise<boolean> {
    const id = normalizeUuid(input.id);
    const user = id ? this.users.get(id) : undefined;
    if (!user) return false;
    for (const chat of this.chatsOf(user.id)) await this.deleteChatForUser({ chatId: chat.id, userId: user.id });
    if (user.email) this.userIdsByEmail.delete(user.email);
    this.deleteAccountsOf(user.id);
    for (const file of this.files.values()) if (file.userId === user.id) file.userId = null;
    this.users.delete(user.id);
    return true;
  }

  async getUserByAccount(input: { provider: string; providerAccountId: string }): Promise<User | null> {
    const account = this.accounts.get(accountKey(input.provider, input.providerAccountId));
    return account ? this.getUserById({ id: account.userId }) : null;
  }

  /** Keeps an existing link and returns it; AppError `not_found` when the user does not exist. */
  async linkAccount(input: { userId: string; provider: string; providerAccountId: string }): Promise<Account> {
    const key = accountKey(input.provider, input.providerAccountId);
    const existing = this.accounts.get(key);
    if (existing) return structuredClone(existing);
    const userId = normalizeUuid(input.userId);
    if (!userId || !this.users.has(userId)) throw new AppError("not_found", "User not found");
    const account: Account = {
      provider: input.provider,
      providerAccountId: input.providerAccountId,
      userId,
      createdAt: new Date(),
    };
    this.accounts.set(key, account);
    return structuredClone(account);
  }

  /** Oldest first; ties in the same millisecond by provider, then provider account id. */
  async listAccountsByUserId(input: { userId: string }): Promise<Account[]> {
    const userId = normalizeUuid(input.userId);
    return [...this.accounts.values()]
      .filter((account) => account.userId === userId)
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() ||
          compareText(a.provider, b.provider) ||
          compareText(a.providerAccountId, b.providerAccountId),
      )
      .map((account) => structuredClone(account));
  }

  async deleteIdleGuests(input: { idleSince: Date }): Promise<number> {
    const idle = [...this.users.values()].filter(
      (user) => user.isGuest && user.lastActiveAt.getTime() < input.idleSince.getTime(),
    );
    for (const user of idle) await this.deleteUserById({ id: user.id });
    return idle.length;
  }

  async getUsageSince(input: { userId?: string; since: Date }): Promise<UsageSummary> {
    const userId = input.userId === undefined ? undefined : normalizeUuid(input.userId);
    const summary: UsageSummary = { userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    if (userId === null) return summary;
    const messages = userId === undefined ? this.messages.values() : this.chatsOf(userId).flatMap((chat) => this.messagesOf(chat.id));
    for (const message of messages) {
      if (message.createdAt.getTime() < input.since.getTime()) continue;
      if (message.role === "user") summary.userMessages++;
      if (message.role === "assistant") {
        summary.answers++;
        summary.inputTokens += message.inputTokens ?? 0;
        summary.outputTokens += message.outputTokens ?? 0;
        summary.costUsd += message.costUsd ?? 0;
      }
    }
    return summary;
  }

  /**
   * Inserts a chat; returns null when a chat with that id already exists (whoever owns it).
   * Throws AppError `not_found` when the user does not exist, `bad_request` when an id is not a UUID.
   */
  async createChat(input: { id: string; userId: string; title: string; model?: string | null }): Promise<Chat | null> {
    const id = requireUuid(input.id, "chat id");
    const userId = requireUuid(input.userId, "user id");
    if (!this.users.has(userId)) throw new AppError("not_found", "User not found");
    if (this.chats.has(id)) return null;
    const now = new Date();
    const chat: Chat = {
      id,
      userId,
      title: input.title,
      visibility: "private",
      model: input.model ?? null,
      createdAt: now,
      updatedAt: new Date(now),
    };
    this.chats.set(id, chat);
    this.listChat(chat);
    return structuredClone(chat);
  }

  /** The chat whoever owns it, or null. */
  async getChatById(input: { id: string }): Promise<Chat | null> {
    const chat = this.findChat(input.id);
    return chat ? structuredClone(chat) : null;
  }

  /** The chat when it belongs to userId, else null. */
  async getChatForUser(input: { chatId: string; userId: string }): Promise<Chat | null> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    return chat ? structuredClone(chat) : null;
  }

  /**
   * A user's chats, most recently updated first; pass nextCursor back to get the next page.
   * Throws AppError `bad_request` for a malformed cursor or a limit below 1.
   */
  async listChatsByUserId(input: { userId: string; limit: number; cursor?: string | null }): Promise<Page<Chat>> {
    requirePageSize(input.limit);
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    const userId = normalizeUuid(input.userId);
    const list = userId ? (this.chatsByUser.get(userId) ?? []) : [];
    const start = after ? firstChatAfter(list, after.updatedAt, after.id) : 0;
    const items = list.slice(start, start + input.limit);
    const last = items.at(-1);
    const nextCursor = list.length > start + input.limit && last ? encodeCursor(last) : null;
    return { items: items.map((chat) => structuredClone(chat)), nextCursor };
  }

  async searchChatsByUserId(input: { userId: string; query: string; limit: number }): Promise<ChatSearchResult[]> {
    requirePageSize(input.limit);
    const userId = normalizeUuid(input.userId);
    const results: ChatSearchResult[] = [];
    for (const chat of userId ? this.chatsOf(userId) : []) {
      if (results.length === input.limit) break;
      const matching = this.messagesOf(chat.id)
        .sort(compareMessagesOldestFirst)
        .flatMap((message) => message.parts)
        .find((part) => part.type === "text" && containsIgnoringCase(part.text, input.query));
      const snippet = matching?.type === "text" ? snippetAround(matching.text, input.query) : null;
      if (snippet !== null || containsIgnoringCase(chat.title, input.query)) results.push({ chat: structuredClone(chat), snippet });
    }
    return results;
  }

  /** Renames the chat without moving it in the list; false when it is not userId's. */
  async updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.title = input.title;
    return true;
  }

  /** Shares or unshares the chat without moving it in the list; false when it is not userId's. */
  async updateChatVisibility(input: { chatId: string; userId: string; visibility: Visibility }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.visibility = input.visibility;
    return true;
  }

  /** Remembers the model picked for the chat without moving it in the list; false when it is not userId's. */
  async updateChatModel(input: { chatId: string; userId: string; model: string }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.model = input.model;
    return true;
  }

  /** Deletes the chat with its messages and votes; false when it is not userId's. */
  async deleteChatForUser(input: { chatId: string; userId: string }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    for (const key of this.messageKeysByChat.get(chat.id) ?? []) {
      this.messages.delete(key);
      this.votes.delete(key);
    }
    this.messageKeysByChat.delete(chat.id);
    for (const file of this.files.values()) if (file.chatId === chat.id) file.chatId = null;
    this.chats.delete(chat.id);
    this.unlistChat(chat);
    return true;
  }

  async createFile(input: { id: string; userId: string; name: string; mediaType: string; size: number; storageKey: string }): Promise<FileRecord> {
    const id = requireUuid(input.id, "file id");
    const userId = requireUuid(input.userId, "user id");
    if (!this.users.has(userId)) throw new AppError("not_found", "User not found");
    const file: FileRecord = { ...input, id, userId, chatId: null, createdAt: new Date() };
    this.files.set(id, file);
    return structuredClone(file);
  }

  async getFileById(input: { id: string }): Promise<FileRecord | null> {
    const id = normalizeUuid(input.id);
    const file = id ? this.files.get(id) : undefined;
    return file ? structuredClone(file) : null;
  }

  async attachFilesToChat(input: { userId: string; chatId: string; fileIds: readonly string[] }): Promise<boolean> {
    const userId = normalizeUuid(input.userId);
    const chatId = normalizeUuid(input.chatId);
    const files = input.fileIds.map((id) => this.files.get(normalizeUuid(id) ?? ""));
    const usable = files.every((file) => file && file.userId === userId && (file.chatId === null || file.chatId === chatId));
    if (!usable || !chatId || !this.chats.has(chatId)) return false;
    for (const file of files) if (file) file.chatId = chatId;
    return true;
  }

  async deleteOrphanFiles(input: { unattachedBefore: Date }): Promise<FileRecord[]> {
    const orphans = [...this.files.values()].filter(
      (file) => file.userId === null || (file.chatId === null && file.createdAt.getTime() < input.unattachedBefore.getTime()),
    );
    for (const file of orphans) this.files.delete(file.id);
    return orphans;
  }

  /** A chat's messages, oldest first (created_at, then id). */
  async getMessagesByChatId(input: { chatId: string }): Promise<Message[]> {
    const chatId = normalizeUuid(input.chatId);
    return (chatId ? this.messagesOf(chatId) : []).sort(compareMessagesOldestFirst).map((message) => structuredClone(message));
  }

  /**
   * Inserts messages, or replaces parts/status/model of those whose (chatId, id) exists, and bumps each
   * chat's updatedAt. Omitted status means "complete" and omitted model means null, also when replacing.
   * Throws AppError `not_found`, saving nothing, when a chat does not exist.
   */
  async saveMessages(input: { messages: SaveMessageInput[] }): Promise<void> {
    const rows = input.messages.map((message) => ({ ...message, chatId: requireUuid(message.chatId, "chat id") }));
    // Checked up front so that a failing batch leaves nothing behind, as the database transaction does.
    if (rows.some((message) => !this.chats.has(message.chatId))) throw new AppError("not_found", "Chat not found");
    const now = new Date();
    for (const message of rows) {
      const key = messageKey(message.chatId, message.id);
      const existing = this.messages.get(key);
      const parts = structuredClone(message.parts);
      const status = message.status ?? "complete";
      const model = message.model ?? null;
      const usage = {
        inputTokens: message.usage?.inputTokens ?? null,
        outputTokens: message.usage?.outputTokens ?? null,
        costUsd: message.usage?.costUsd ?? null,
      };
      if (existing) {
        Object.assign(existing, { parts, status, model, ...usage });
      } else {
        this.messageKeysOf(message.chatId).add(key);
        this.messages.set(key, {
          chatId: message.chatId,
          id: message.id,
          parentId: message.parentId ?? null,
          role: message.role,
          parts,
          status,
          model,
          ...usage,
          createdAt: new Date(message.createdAt ?? now),
        });
      }
    }
    for (const chatId of new Set(rows.map((message) => message.chatId))) {
      const chat = this.chats.get(chatId);
      if (chat) this.moveChatTo(chat, new Date(now));
    }
  }

  async getFilesByIds(input: { ids: readonly string[] }): Promise<FileRecord[]> {
    const ids = new Set(input.ids.flatMap((id) => normalizeUuid(id) ?? []));
    return [...ids].flatMap((id) => {
      const file = this.files.get(id);
      return file ? [structuredClone(file)] : [];
    });
  }

  /** Checks everything before changing anything, so a refused turn leaves nothing behind, as the transaction does. */
  async saveChatTurn(input: ChatTurnInput): Promise<"saved" | "files_unavailable"> {
    const chatId = requireUuid(input.chat.id, "chat id");
    const userId = requireUuid(input.chat.userId, "user id");
    const fileIds = [...new Set(input.fileIds.map((id) => requireUuid(id, "file id")))];
    const user = this.users.get(userId);
    if (!user) throw new AppError("not_found", "User not found");
    const existing = this.chats.get(chatId);
    if (existing && existing.userId !== userId) throw new AppError("not_found", "Chat not found.");
    const attached = fileIds.map((id) => this.files.get(id));
    if (!attached.every((file) => file && file.userId === userId && (file.chatId === null || file.chatId === chatId))) {
      return "files_unavailable";
    }
    const now = new Date();
    const chat: Chat = existing ?? {
      id: chatId,
      userId,
      title: input.chat.title,
      visibility: "private",
      model: null,
      createdAt: now,
      updatedAt: now,
    };
    chat.model = input.chat.model;
    this.chats.set(chatId, chat);
    // Through the owner's list, which is kept in updatedAt order.
    if (existing) this.moveChatTo(chat, new Date(now));
    else this.listChat(chat);
    for (const file of attached) if (file) file.chatId = chatId;
    const message = input.message;
    if (message && !this.messages.has(messageKey(chatId, message.id))) {
      this.messageKeysOf(chatId).add(messageKey(chatId, message.id));
      this.messages.set(messageKey(chatId, message.id), {
        chatId,
        id: message.id,
        parentId: message.parentId ?? null,
        role: message.role,
        parts: structuredClone(message.parts),
        status: message.status ?? "complete",
        model: message.model ?? null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        createdAt: new Date(message.createdAt ?? now),
      });
    }
    user.lastActiveAt = new Date(now);
    return "saved";
  }

  /** Sets or replaces the vote on a message of the chat; AppError `not_found` when the message does not exist. */
  async voteMessage(input: { chatId: string; messageId: string; isUpvoted: boolean }): Promise<void> {
    const chatId = normalizeUuid(input.chatId);
    const key = chatId ? messageKey(chatId, input.messageId) : null;
    if (!chatId || !key || !this.messages.has(key)) throw new AppError("not_found", "Message not found");
    this.votes.set(key, { chatId, messageId: input.messageId, isUpvoted: input.isUpvoted });
  }

  /** The chat's votes, ordered by message id. */
  async getVotesByChatId(input: { chatId: string }): Promise<Vote[]> {
    const chatId = normalizeUuid(input.chatId);
    return [...this.votes.values()]
      .filter((vote) => vote.chatId === chatId)
      .sort((a, b) => compareText(a.messageId, b.messageId))
      .map((vote) => ({ ...vote }));
  }

  /** A copy of the user's chats, newest first (safe to iterate while chats change). */
  private chatsOf(userId: string): Chat[] {
    return [...(this.chatsByUser.get(userId) ?? [])];
  }

  private messagesOf(chatId: string): Message[] {
    return [...(this.messageKeysByChat.get(chatId) ?? [])].flatMap((key) => this.messages.get(key) ?? []);
  }

  private messageKeysOf(chatId: string): Set<string> {
    let keys = this.messageKeysByChat.get(chatId);
    if (!keys) this.messageKeysByChat.set(chatId, (keys = new Set()));
    return keys;
  }

  private listChat(chat: Chat): void {
    let list = this.chatsByUser.get(chat.userId);
    if (!list) this.chatsByUser.set(chat.userId, (list = []));
    // Before the first chat that sorts after it; ids are unique, so no chat sorts equal to it.
    list.splice(firstChatAfter(list, chat.updatedAt.getTime(), chat.id), 0, chat);
  }

  private unlistChat(chat: Chat): void {
    const list = this.chatsByUser.get(chat.userId);
    if (!list) return;
    // It sorts just before the first chat after its own position.
    const expected = firstChatAfter(list, chat.updatedAt.getTime(), chat.id) - 1;
    const index = list[expected] === chat ? expected : list.indexOf(chat);
    if (index === -1) return;
    list.splice(index, 1);
    if (list.length === 0) this.chatsByUser.delete(chat.userId);
  }

  /** Sets updatedAt, which moves the chat in its owner's list. */
  private moveChatTo(chat: Chat, updatedAt: Date): void {
    this.unlistChat(chat);
    chat.updatedAt = updatedAt;
    this.listChat(chat);
  }

  private deleteAccountsOf(userId: string): void {
    for (const [key, account] of this.accounts) if (account.userId === userId) this.accounts.delete(key);
  }

  private findChat(id: string): Chat | undefined {
    const chatId = normalizeUuid(id);
    return chatId ? this.chats.get(chatId) : undefined;
  }

  private findOwnedChat(chatId: string, userId: string): Chat | undefined {
    const chat = this.findChat(chatId);
    return chat && chat.userId === normalizeUuid(userId) ? chat : undefined;
  }
}
