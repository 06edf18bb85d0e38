import type { Chat, Message, MessageRole, MessageStatus, MessagePart, User, Visibility, Vote } from "./schema";

export type StoreKind = "postgres" | "pglite" | "memory";

export type Page<T> = { items: T[]; nextCursor: string | null };

export type SaveMessageInput = {
  chatId: string;
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  status?: MessageStatus;
  model?: string | null;
  /** Set by the caller so that an answer saved when it finishes still sorts where it started. */
  createdAt?: Date;
};

/**
 * Everything the app persists. Implementations: DrizzleStore (PostgreSQL or PGlite) and MemoryStore.
 * The contract suite in tests/integration/store.contract.ts defines the behaviour all of them share.
 * Lookups return the row or null; methods that take a userId only see that user's rows.
 */
export interface Store {
  readonly kind: StoreKind;

  /** One round trip to the database; rejects when it does not answer. */
  ping(): Promise<void>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;

  /** Creates a user; emails are stored lower-cased. Throws on a duplicate email. */
  createUser(input: { isGuest: boolean; email?: string | null; passwordHash?: string | null }): Promise<User>;
  getUserById(input: { id: string }): Promise<User | null>;
  getUserByEmail(input: { email: string }): Promise<User | null>;

  /** Inserts a chat; returns null when a chat with that id already exists (whoever owns it). */
  createChat(input: { id: string; userId: string; title: string; model?: string | null }): Promise<Chat | null>;
  getChatById(input: { id: string }): Promise<Chat | null>;
  /** The chat when it belongs to userId, else null. */
  getChatForUser(input: { chatId: string; userId: string }): Promise<Chat | null>;
  /** A user's chats, most recently updated first; pass nextCursor back to get the next page. */
  listChatsByUserId(input: { userId: string; limit: number; cursor?: string | null }): Promise<Page<Chat>>;
  /** Returns false when the chat does not belong to userId. */
  updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean>;
  updateChatVisibility(input: { chatId: string; userId: string; visibility: Visibility }): Promise<boolean>;
  /** Deletes the chat with its messages and votes in one transaction; false when it is not userId's. */
  deleteChatForUser(input: { chatId: string; userId: string }): Promise<boolean>;

  /** A chat's messages, oldest first (created_at, then id). */
  getMessagesByChatId(input: { chatId: string }): Promise<Message[]>;
  /**
   * Inserts messages, or replaces parts/status/model of those whose (chatId, id) exists, and bumps each
   * chat's updatedAt. The chats must exist.
   */
  saveMessages(input: { messages: SaveMessageInput[] }): Promise<void>;

  /** Sets or replaces the vote on a message of the chat. */
  voteMessage(input: { chatId: string; messageId: string; isUpvoted: boolean }): Promise<void>;
  getVotesByChatId(input: { chatId: string }): Promise<Vote[]>;
}
