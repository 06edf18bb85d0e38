import "server-only";

import { randomUUID } from "node:crypto";

import { AppError } from "@/lib/errors";

import type { Account, Chat, FileRecord, Message, User, Visibility, Vote } from "./schema";
import { containsIgnoringCase, snippetAround } from "./search-text";
import { newFileColumns } from "./file-columns";
import type { ChatSearchResult, ChatTurnContext, ChatTurnInput, NewFileInput, Page, SaveMessageInput, Store, UsageSummary } from "./store";
import { decodeCursor, encodeCursor } from "./store-input";
import { withInputChecks } from "./store-input-checks";

/** Byte-wise order, like Postgres with COLLATE "C", which DrizzleStore uses for text ids. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Times are whole milliseconds here; a cursor spells them to the microsecond, as DrizzleStore's do. */
const cursorOf = (chat: Chat) => encodeCursor(chat.updatedAt.toISOString().replace("Z", "000Z"), chat.id);

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

function toMessage(chatId: string, message: SaveMessageInput, now: Date): Message {
  return {
    chatId,
    id: message.id,
    parentId: message.parentId ?? null,
    role: message.role,
    parts: structuredClone(message.parts),
    status: message.status ?? "complete",
    model: message.model ?? null,
    inputTokens: message.usage?.inputTokens ?? null,
    outputTokens: message.usage?.outputTokens ?? null,
    costUsd: message.usage?.costUsd ?? null,
    createdAt: new Date(message.createdAt ?? now),
  };
}

const messageKey = (chatId: string, id: string) => `${chatId}\u0000${id}`;
const accountKey = (provider: string, providerAccountId: string) => `${provider}\u0000${providerAccountId}`;

/** getMessagesByChatId's order: created_at, then id byte-wise. */
function compareMessagesOldestFirst(a: Message, b: Message): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.id, b.id);
}

/**
 * The zero-setup store: everything lives in this process and is gone on restart. Behaves exactly like
 * DrizzleStore (the contract suite runs against both) and hands out copies, so callers cannot mutate its state.
 */
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

  constructor() {
    // Callers only ever hold the checked store, so the methods here take ids well-formed and lower-cased.
    return withInputChecks(this);
  }

  // No connection to lose: always answers.
  async ping(): Promise<void> {}

  // Forgets everything.
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

  async getUserById(input: { id: string }): Promise<User | null> {
    const user = this.users.get(input.id);
    return user ? structuredClone(user) : null;
  }

  async getUserByEmail(input: { email: string }): Promise<User | null> {
    const id = this.userIdsByEmail.get(input.email.toLowerCase());
    return id ? this.getUserById({ id }) : null;
  }

  async touchUser(input: { id: string }): Promise<void> {
    const user = this.users.get(input.id);
    if (user) user.lastActiveAt = new Date();
  }

  async registerGuest(input: { id: string; email: string; passwordHash: string }): Promise<User | null> {
    const user = this.users.get(input.id);
    if (!user || !user.isGuest) return null;
    const email = input.email.toLowerCase();
    if (this.userIdsByEmail.has(email)) throw new AppError("conflict", "An account with this email already exists");
    Object.assign(user, { email, passwordHash: input.passwordHash, isGuest: false, lastActiveAt: new Date() });
    this.userIdsByEmail.set(email, user.id);
    return structuredClone(user);
  }

  async updateUserPassword(input: { id: string; passwordHash: string }): Promise<boolean> {
    const user = this.users.get(input.id);
    if (!user) return false;
    user.passwordHash = input.passwordHash;
    return true;
  }

  async mergeGuestIntoUser(input: { guestId: string; userId: string }): Promise<number> {
    const { guestId, userId } = input;
    const guest = this.users.get(guestId);
    if (!guest?.isGuest || !this.users.has(userId) || guestId === userId) return 0;
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
    const user = this.users.get(input.id);
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

  async linkAccount(input: { userId: string; provider: string; providerAccountId: string }): Promise<Account> {
    const key = accountKey(input.provider, input.providerAccountId);
    const existing = this.accounts.get(key);
    if (existing) return structuredClone(existing);
    if (!this.users.has(input.userId)) throw new AppError("not_found", "User not found");
    const account: Account = {
      provider: input.provider,
      providerAccountId: input.providerAccountId,
      userId: input.userId,
      createdAt: new Date(),
    };
    this.accounts.set(key, account);
    return structuredClone(account);
  }

  async listAccountsByUserId(input: { userId: string }): Promise<Account[]> {
    return [...this.accounts.values()]
      .filter((account) => account.userId === input.userId)
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
    const { userId } = input;
    const summary: UsageSummary = { userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
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

  // Exact: this process is the only writer.
  async getSpendSince(input: { since: Date }): Promise<number> {
    return (await this.getUsageSince({ since: input.since })).costUsd;
  }

  async createChat(input: { id: string; userId: string; title: string; model?: string | null }): Promise<Chat | null> {
    const { id, userId } = input;
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
      activeStreamId: null,
      activeStreamExpiresAt: null,
    };
    this.chats.set(id, chat);
    this.listChat(chat);
    return structuredClone(chat);
  }

  async getChatById(input: { id: string }): Promise<Chat | null> {
    const chat = this.chats.get(input.id);
    return chat ? structuredClone(chat) : null;
  }

  async getChatForUser(input: { chatId: string; userId: string }): Promise<Chat | null> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    return chat ? structuredClone(chat) : null;
  }

  async listChatsByUserId(input: { userId: string; limit: number; cursor?: string | null }): Promise<Page<Chat>> {
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    const list = this.chatsByUser.get(input.userId) ?? [];
    const start = after ? firstChatAfter(list, after.time, after.id) : 0;
    const items = list.slice(start, start + input.limit);
    const last = items.at(-1);
    const nextCursor = list.length > start + input.limit && last ? cursorOf(last) : null;
    return { items: items.map((chat) => structuredClone(chat)), nextCursor };
  }

  async searchChatsByUserId(input: { userId: string; query: string; limit: number }): Promise<ChatSearchResult[]> {
    const results: ChatSearchResult[] = [];
    for (const chat of this.chatsOf(input.userId)) {
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

  async updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.title = input.title;
    return true;
  }

  async updateChatVisibility(input: { chatId: string; userId: string; visibility: Visibility }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.visibility = input.visibility;
    return true;
  }

  async updateChatModel(input: { chatId: string; userId: string; model: string }): Promise<boolean> {
    const chat = this.findOwnedChat(input.chatId, input.userId);
    if (!chat) return false;
    chat.model = input.model;
    return true;
  }

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

  async createFile(input: NewFileInput): Promise<FileRecord> {
    const { id, userId } = input;
    if (!this.users.has(userId)) throw new AppError("not_found", "User not found");
    const file: FileRecord = { ...newFileColumns(input), id, userId, chatId: null, createdAt: new Date(), attachedAt: null };
    this.files.set(id, file);
    return structuredClone(file);
  }

  async getFileById(input: { id: string }): Promise<FileRecord | null> {
    const file = this.files.get(input.id);
    return file ? structuredClone(file) : null;
  }

  async attachFilesToChat(input: { userId: string; chatId: string; fileIds: readonly string[] }): Promise<boolean> {
    const { userId, chatId } = input;
    const files = input.fileIds.map((id) => this.files.get(id));
    const usable = files.every((file) => file && file.userId === userId && (file.chatId === null || file.chatId === chatId));
    if (!usable || !this.chats.has(chatId)) return false;
    const now = new Date();
    for (const file of files) {
      if (!file) continue;
      file.chatId = chatId;
      file.attachedAt ??= now;
    }
    return true;
  }

  async deleteOrphanFiles(input: { unattachedBefore: Date }): Promise<FileRecord[]> {
    const orphans = [...this.files.values()].filter(
      (file) =>
        file.userId === null ||
        (file.chatId === null && (file.attachedAt !== null || file.createdAt.getTime() < input.unattachedBefore.getTime())),
    );
    for (const file of orphans) this.files.delete(file.id);
    return orphans;
  }

  async getMessagesByChatId(input: { chatId: string }): Promise<Message[]> {
    return this.messagesOf(input.chatId).sort(compareMessagesOldestFirst).map((message) => structuredClone(message));
  }

  async saveMessages(input: { messages: SaveMessageInput[] }): Promise<void> {
    const rows = input.messages;
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
        this.messages.set(key, toMessage(message.chatId, message, now));
      }
    }
    for (const chatId of new Set(rows.map((message) => message.chatId))) {
      const chat = this.chats.get(chatId);
      if (!chat) continue;
      this.moveChatTo(chat, new Date(now));
      if (rows.some((message) => message.chatId === chatId && message.id === chat.activeStreamId)) {
        chat.activeStreamId = null;
        chat.activeStreamExpiresAt = null;
      }
    }
  }

  async saveAnswerProgress(input: { chatId: string; answerId: string; message?: SaveMessageInput; liveUntil: Date }): Promise<boolean> {
    const { chatId } = input;
    const chat = this.chats.get(chatId);
    if (!chat || chat.activeStreamId !== input.answerId) return false;
    chat.activeStreamExpiresAt = new Date(input.liveUntil);
    const { message } = input;
    if (message) {
      const existing = this.messages.get(messageKey(chatId, message.id));
      const fields = { parts: structuredClone(message.parts), status: message.status ?? "complete", model: message.model ?? null };
      if (existing) Object.assign(existing, fields);
      else {
        this.messageKeysOf(chatId).add(messageKey(chatId, message.id));
        this.messages.set(messageKey(chatId, message.id), toMessage(chatId, message, new Date()));
      }
    }
    return true;
  }

  async getFilesByIds(input: { ids: readonly string[] }): Promise<FileRecord[]> {
    return [...new Set(input.ids)].flatMap((id) => {
      const file = this.files.get(id);
      return file ? [structuredClone(file)] : [];
    });
  }

  async saveChatTurn(input: ChatTurnInput): Promise<"saved" | "files_unavailable"> {
    // Checks everything before changing anything, so a refused turn leaves nothing behind, as the transaction does.
    const { id: chatId, userId } = input.chat;
    const fileIds = [...new Set(input.fileIds)];
    const user = this.users.get(userId);
    if (!user) throw new AppError("not_found", "User not found");
    const existing = this.chats.get(chatId);
    if (existing && existing.userId !== userId) throw new AppError("not_found", "Chat not found.");
    const attached = fileIds.map((id) => this.files.get(id));
    if (!attached.every((file) => file && file.userId === userId && (file.chatId === null || file.chatId === chatId))) {
      return "files_unavailable";
    }
    const now = new Date();
    let chat = existing;
    if (chat) {
      chat.model = input.chat.model;
      this.moveChatTo(chat, new Date(now));
    } else {
      chat = {
        id: chatId,
        userId,
        title: input.chat.title,
        visibility: "private",
        model: input.chat.model,
        createdAt: now,
        updatedAt: new Date(now),
        activeStreamId: null,
        activeStreamExpiresAt: null,
      };
      this.chats.set(chatId, chat);
      this.listChat(chat);
    }
    for (const file of attached) {
      if (!file) continue;
      file.chatId = chatId;
      file.attachedAt ??= new Date(now);
    }
    for (const message of [input.message, input.answer?.message]) {
      const key = message && messageKey(chatId, message.id);
      if (!message || !key || this.messages.has(key)) continue;
      this.messageKeysOf(chatId).add(key);
      this.messages.set(key, toMessage(chatId, message, now));
    }
    if (input.answer) {
      chat.activeStreamId = input.answer.message.id;
      chat.activeStreamExpiresAt = new Date(input.answer.liveUntil);
    }
    user.lastActiveAt = new Date(now);
    return "saved";
  }

  async getChatTurnContext(input: { chatId: string; userId: string; usageSince: Date; withUser?: boolean }): Promise<ChatTurnContext> {
    const chat = this.chats.get(input.chatId);
    const isOwn = chat !== undefined && chat.userId === input.userId;
    const context: ChatTurnContext = {
      chat: chat ? structuredClone(chat) : null,
      messages: isOwn ? await this.getMessagesByChatId({ chatId: chat.id }) : [],
      usage: await this.getUsageSince({ userId: input.userId, since: input.usageSince }),
    };
    if (input.withUser) context.user = await this.getUserById({ id: input.userId });
    return context;
  }

  async voteMessage(input: { chatId: string; messageId: string; isUpvoted: boolean }): Promise<void> {
    const { chatId } = input;
    const key = messageKey(chatId, input.messageId);
    if (!this.messages.has(key)) throw new AppError("not_found", "Message not found");
    this.votes.set(key, { chatId, messageId: input.messageId, isUpvoted: input.isUpvoted });
  }

  async getVotesByChatId(input: { chatId: string }): Promise<Vote[]> {
    return [...this.votes.values()]
      .filter((vote) => vote.chatId === input.chatId)
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

  private findOwnedChat(chatId: string, userId: string): Chat | undefined {
    const chat = this.chats.get(chatId);
    return chat && chat.userId === userId ? chat : undefined;
  }
}
