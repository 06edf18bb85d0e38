import type { DocumentKind } from "@/lib/documents/kinds";
import type { Account, Chat, FileRecord, Message, MessageRole, MessageStatus, MessagePart, User, Visibility, Vote } from "./schema";

/** A file row to create: a document carries the fields read from it at upload (lib/documents/read-upload.ts). */
export type NewFileInput = {
  id: string;
  userId: string;
  name: string;
  mediaType: string;
  size: number;
  storageKey: string;
  document?: { kind: DocumentKind; text: string; pageCount: number | null; charCount: number; truncated: boolean } | null;
};

export type StoreKind = "postgres" | "pglite" | "memory";

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A chat found by search, with an excerpt of the first message that matched (null when only the title did). */
export type ChatSearchResult = { chat: Chat; snippet: string | null };

export type MessageUsage = { inputTokens: number; outputTokens: number; costUsd: number };

/** What a user (or the whole instance) has used since a moment: for quotas, cost caps and the settings page. */
export type UsageSummary = {
  userMessages: number;
  /** Assistant messages: answers (and regenerated answers) the models produced. */
  answers: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
};

export type SaveMessageInput = {
  chatId: string;
  id: string;
  role: MessageRole;
  /** The message this one follows (see messages.parentId); kept as first saved when a message is replaced. */
  parentId?: string | null;
  parts: MessagePart[];
  status?: MessageStatus;
  model?: string | null;
  /** Set by the caller so that an answer saved when it finishes still sorts where it started. */
  createdAt?: Date;
  /** Tokens and estimated cost of an assistant answer. */
  usage?: MessageUsage | null;
};

/** What sending one chat message writes: see Store.saveChatTurn. */
export type ChatTurnInput = {
  /** The chat: created with this title when it does not exist yet; its remembered model is set either way. */
  chat: { id: string; userId: string; title: string; model: string };
  /** Uploads the new message carries: they must be the user's and attached to no other chat. */
  fileIds: readonly string[];
  /** The user message, or null when it is saved already (Retry, Regenerate). */
  message: SaveMessageInput | null;
  /**
   * The answer about to be written: its row saved at once as it is (empty, `interrupted`: what a reader finds if the
   * instance writing it dies), and made the chat's live answer until `liveUntil` (see Store.saveAnswerProgress).
   */
  answer?: { message: SaveMessageInput; liveUntil: Date };
};

/** What a chat message is decided from: see Store.getChatTurnContext. */
export type ChatTurnContext = {
  /** The chat whoever owns it (the caller tells someone else's chat from none), or null. */
  chat: Chat | null;
  /** Its messages, oldest first, when the chat is the user's; otherwise none. */
  messages: Message[];
  /** The user's usage since `usageSince`, as getUsageSince counts it. */
  usage: UsageSummary;
  /** The user's row as getUserById reads it (null when there is none): only when asked for (`withUser`). */
  user?: User | null;
};

/**
 * Everything the app persists. Implementations: DrizzleStore (PostgreSQL or PGlite) and MemoryStore.
 * The contract suite in tests/integration/store.contract.ts defines the behaviour all of them share.
 * Lookups return the row or null; methods that take a userId only see that user's rows. Ids are UUIDs, compared
 * ignoring case: a malformed one is found nowhere (a lookup answers null or nothing, an update false), and a method
 * that writes a row under it throws AppError `bad_request` (see store-input-checks.ts, which every store applies).
 */
export interface Store {
  readonly kind: StoreKind;

  /** One round trip to the database; rejects when it does not answer. */
  ping(): Promise<void>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;

  /** Creates a user; emails are stored lower-cased. Throws AppError `conflict` on a duplicate email. */
  createUser(input: { isGuest: boolean; email?: string | null; passwordHash?: string | null }): Promise<User>;
  getUserById(input: { id: string }): Promise<User | null>;
  /** Looks the email up ignoring case. */
  getUserByEmail(input: { email: string }): Promise<User | null>;
  /** Records activity now, so that idle guests can be told apart. */
  touchUser(input: { id: string }): Promise<void>;
  /**
   * Turns a guest into a registered user in place, so every chat stays theirs. Returns null when the user is not a
   * guest (or does not exist); throws AppError `conflict` when the email is taken.
   */
  registerGuest(input: { id: string; email: string; passwordHash: string }): Promise<User | null>;
  /** Returns false when the user does not exist. */
  updateUserPassword(input: { id: string; passwordHash: string }): Promise<boolean>;
  /**
   * Moves every chat of a guest to a registered user and deletes the guest, in one transaction (a guest who signs in
   * keeps their chats). Returns how many chats moved; 0 and nothing deleted when guestId is not a guest.
   */
  mergeGuestIntoUser(input: { guestId: string; userId: string }): Promise<number>;
  /** The user a provider account (GitHub, Google) is linked to, or null when it is not linked. */
  getUserByAccount(input: { provider: string; providerAccountId: string }): Promise<User | null>;
  /**
   * Links a provider account to a user. A provider account belongs to one user: when it is already linked (to this
   * user or, after a race, to another), the existing link is kept and returned, so the caller can tell by its userId.
   * Throws AppError `not_found` when the user does not exist.
   */
  linkAccount(input: { userId: string; provider: string; providerAccountId: string }): Promise<Account>;
  /** The provider accounts linked to a user, oldest first; ties by provider, then provider account id, byte-wise. */
  listAccountsByUserId(input: { userId: string }): Promise<Account[]>;
  /** Deletes the user with all their chats, messages, votes and linked accounts; false when there was no such user. */
  deleteUserById(input: { id: string }): Promise<boolean>;
  /** Deletes guests whose last activity is before idleSince, with all their data; returns how many. */
  deleteIdleGuests(input: { idleSince: Date }): Promise<number>;
  /**
   * Messages sent (user role) and tokens and cost of answers (assistant role) created at or after `since`, for one
   * user or, without userId, for the whole instance.
   */
  getUsageSince(input: { userId?: string; since: Date }): Promise<UsageSummary>;
  /**
   * The estimated cost of every answer created at or after `since`, instance-wide (the monthly budget). May answer
   * from a read a few seconds old: answers saved through this store object since are added at once (one rewritten
   * meanwhile may count twice until the next read), other processes' answers of those seconds may be missing.
   */
  getSpendSince(input: { since: Date }): Promise<number>;

  /**
   * Inserts a chat; returns null when a chat with that id already exists (whoever owns it). Throws AppError
   * `not_found` when the user does not exist.
   */
  createChat(input: { id: string; userId: string; title: string; model?: string | null }): Promise<Chat | null>;
  /** The chat whoever owns it. */
  getChatById(input: { id: string }): Promise<Chat | null>;
  /** The chat when it belongs to userId, else null. */
  getChatForUser(input: { chatId: string; userId: string }): Promise<Chat | null>;
  /**
   * A user's chats, most recently updated first; pass nextCursor back to get the next page. Throws AppError
   * `bad_request` for a cursor it did not hand out or a limit below 1.
   */
  listChatsByUserId(input: { userId: string; limit: number; cursor?: string | null }): Promise<Page<Chat>>;
  /**
   * A user's chats whose title or message text contains `query`, ignoring case and treating `%` and `_` literally,
   * most recently updated first. Throws AppError `bad_request` for a limit below 1.
   */
  searchChatsByUserId(input: { userId: string; query: string; limit: number }): Promise<ChatSearchResult[]>;
  /** Renames the chat without moving it in the list; false when it does not belong to userId. */
  updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean>;
  /** Shares or unshares the chat without moving it in the list; false when it does not belong to userId. */
  updateChatVisibility(input: { chatId: string; userId: string; visibility: Visibility }): Promise<boolean>;
  /** Remembers the model the user picked for the chat, without moving it in the list; false when it is not userId's. */
  updateChatModel(input: { chatId: string; userId: string; model: string }): Promise<boolean>;
  /** Deletes the chat with its messages and votes in one transaction; false when it is not userId's. */
  deleteChatForUser(input: { chatId: string; userId: string }): Promise<boolean>;

  /** A chat's messages, oldest first (created_at, then id byte-wise). */
  getMessagesByChatId(input: { chatId: string }): Promise<Message[]>;
  /**
   * Inserts messages, or replaces parts/status/model of those whose (chatId, id) exists, and bumps each
   * chat's updatedAt, in one transaction. Omitted status means "complete" and omitted model null, also when
   * replacing. Throws AppError `not_found`, saving nothing, when a chat does not exist. Saving the chat's live
   * answer (ChatTurnInput.answer) ends it: the chat's activeStreamId and its lease are cleared in the same transaction.
   */
  saveMessages(input: { messages: SaveMessageInput[] }): Promise<void>;
  /**
   * While an answer is written: replaces its row with what it holds so far (pass status `interrupted`, which is what
   * it stays if the writer dies) and renews the chat's lease on it to `liveUntil`; without `message` only the lease.
   * Writes nothing and returns false once the answer is no longer the chat's live one: saving it with saveMessages
   * ended it (that also clears the lease), or a newer answer took the chat over. So a late progress write can never
   * overwrite the finished answer.
   */
  saveAnswerProgress(input: { chatId: string; answerId: string; message?: SaveMessageInput; liveUntil: Date }): Promise<boolean>;

  /**
   * Records an uploaded file (its bytes are already in file storage), with a document's text read at upload.
   * Throws AppError `not_found` for an unknown user.
   */
  createFile(input: NewFileInput): Promise<FileRecord>;
  getFileById(input: { id: string }): Promise<FileRecord | null>;
  /**
   * Files the user may attach to a message in this chat: theirs, and not yet attached to another chat. Attaches
   * them all to the chat and returns true, or changes nothing and returns false when any of them is not such a file.
   */
  attachFilesToChat(input: { userId: string; chatId: string; fileIds: readonly string[] }): Promise<boolean>;
  /**
   * Deletes the rows of files nobody can reach any more — whose user was deleted, whose chat was deleted after they
   * were sent in it, or never attached to a chat and uploaded before `unattachedBefore` — and returns them, so their
   * bytes can be removed from storage.
   */
  deleteOrphanFiles(input: { unattachedBefore: Date }): Promise<FileRecord[]>;

  /** The files with these ids (unknown ones are left out), in no particular order. */
  getFilesByIds(input: { ids: readonly string[] }): Promise<FileRecord[]>;
  /**
   * Writes what sending a message needs, all or nothing, in one transaction: the chat (created when new; its model
   * set and moved to the top of the list either way), the message's uploads attached to it, the user message (kept as
   * it is when that id is saved already) and the user's last activity. Returns `files_unavailable`, writing nothing,
   * when an upload is not the user's or is attached to another chat; throws AppError `not_found`, writing nothing,
   * when the chat belongs to someone else.
   */
  saveChatTurn(input: ChatTurnInput): Promise<"saved" | "files_unavailable">;
  /**
   * Reads what sending a message to a chat is decided from, at once (one statement on a database): the chat, its
   * messages when it is the user's, and the user's usage since a moment (quota and cost caps).
   */
  getChatTurnContext(input: { chatId: string; userId: string; usageSince: Date; withUser?: boolean }): Promise<ChatTurnContext>;

  /** Sets or replaces the vote on a message of the chat; throws AppError `not_found` when there is no such message. */
  voteMessage(input: { chatId: string; messageId: string; isUpvoted: boolean }): Promise<void>;
  /** The chat's votes, by message id byte-wise. */
  getVotesByChatId(input: { chatId: string }): Promise<Vote[]>;
}
