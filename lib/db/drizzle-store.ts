import "server-only";

import { mkdirSync } from "node:fs";

import { and, asc, eq, getTableColumns, gte, inArray, lt, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { AppError } from "@/lib/errors";
import { parseIsoInstant } from "@/lib/http/iso-instant";

import { databaseUnavailable, driverErrorCode, isConnectionError } from "./connection-errors";
import { migratePglite, migratePostgres, toWholeSeconds } from "./migrate";
import { QueryGate } from "./query-gate";
import { accounts, chats, files, messages, users, votes } from "./schema";
import type { Account, Chat, FileRecord, Message, User, Visibility, Vote } from "./schema";
import { likePattern, snippetAround } from "./search-text";
import { newFileColumns } from "./file-columns";
import type { ChatSearchResult, ChatTurnContext, ChatTurnInput, NewFileInput, Page, SaveMessageInput, Store, UsageSummary } from "./store";
import { fromTurnContextRow, type RunSql, SAVE_MESSAGES_SQL, SAVE_PROGRESS_SQL, SAVE_TURN_SQL, toMessageRecords, TURN_CONTEXT_SQL } from "./turn-sql";

type Database = PgDatabase<PgQueryResultHKT>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The cursor's timestamp as Postgres prints it below: UTC, always six fractional digits. */
const CURSOR_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Postgres rejects a malformed uuid with an error; a lookup by one simply finds nothing, as in MemoryStore. */
const isUuid = (id: string) => UUID_PATTERN.test(id);

/** Lower-cased as Postgres prints uuids, so ids that differ only in case are recognized as one in JS too. */
function requireUuid(id: string, what: string): string {
  if (!isUuid(id)) throw new AppError("bad_request", `${what} must be a UUID`);
  return id.toLowerCase();
}

/**
 * The exact stored value, microseconds included. A JS Date would drop them, and a cursor rounded down to the
 * millisecond would skip rows written by `now()` within that millisecond.
 */
const cursorTime = sql<string>`to_char(${chats.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString("base64url");
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    // The pattern alone lets "2024-02-31" through, which PostgreSQL would refuse with an error.
    const isRealTime = typeof updatedAt === "string" && CURSOR_TIME_PATTERN.test(updatedAt) && parseIsoInstant(updatedAt) !== null;
    if (isRealTime && typeof id === "string" && isUuid(id)) {
      return { updatedAt, id };
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, so any decoding failure means the client sent garbage.
  }
  throw new AppError("bad_request", "Invalid cursor");
}

/** The errors a query's constraint violations mean, built only when one happens (an error captures a stack trace). */
type ConstraintErrors = { unique?: (cause: unknown) => AppError; foreignKey?: (cause: unknown) => AppError };

const emailTaken = (cause: unknown) => new AppError("conflict", "An account with this email already exists", { cause });
const userNotFound = (cause: unknown) => new AppError("not_found", "User not found", { cause });
const chatNotFound = (cause: unknown) => new AppError("not_found", "Chat not found", { cause });

/**
 * The queries every request or chat message runs, built once (Drizzle's query building costs more than running
 * them) and prepared by the driver where it may.
 */
function prepareStatements(db: Database) {
  const byChatId = eq(chats.id, sql.placeholder("chatId"));
  return {
    userById: db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare("user_by_id"),
    chatById: db.select().from(chats).where(byChatId).prepare("chat_by_id"),
    chatForUser: db.select().from(chats).where(and(byChatId, eq(chats.userId, sql.placeholder("userId")))).prepare("chat_for_user"),
    messagesByChatId: db
      .select()
      .from(messages)
      .where(eq(messages.chatId, sql.placeholder("chatId")))
      .orderBy(asc(messages.createdAt), sql`${messages.id} collate "C"`)
      .prepare("messages_by_chat_id"),
    renameChat: db
      .update(chats)
      .set({ title: sql`${sql.placeholder("title")}` })
      .where(and(byChatId, eq(chats.userId, sql.placeholder("userId"))))
      .returning({ id: chats.id })
      .prepare("rename_chat"),
  };
}

/**
 * How long the instance's spending, read for the monthly budget, is reused: that query reads every answer of the
 * month, so each message running it would grow with the instance's history.
 */
const SPEND_CACHE_MAX_AGE_MS = 10_000;

/** A read of the instance's spending since `since`, with what this store has saved since it began. */
type SpendRead = { since: number; readAt: number; base: Promise<number>; ownUsd: number };

/**
 * Store over Drizzle ORM, for PostgreSQL (postgres-js) and PGlite alike. Timestamps that order rows are set from
 * JS Dates, so they are millisecond-precise and compare exactly with what callers hold. Driver failures become
 * AppError `database_unavailable` when the database is unreachable; other errors propagate unchanged.
 */
export class DrizzleStore implements Store {
  private prepared: ReturnType<typeof prepareStatements> | null = null;
  private spend: SpendRead | null = null;

  constructor(
    readonly kind: "postgres" | "pglite",
    private readonly db: Database,
    /** Plain SQL on the same connections, for the statements Drizzle's builder cannot say (see turn-sql.ts). */
    private readonly runSql: RunSql,
    private readonly closeClient: () => Promise<void>,
    /** Bounds each call in time and number (a server pool); absent for an embedded database. */
    private readonly gate: QueryGate | null = null,
  ) {}

  private get statements(): ReturnType<typeof prepareStatements> {
    return (this.prepared ??= prepareStatements(this.db));
  }

  /** One round trip to the database; rejects when it does not answer. */
  async ping(): Promise<void> {
    await this.run(() => this.db.execute(sql`select 1`));
  }

  /** Releases connections; the store is unusable afterwards. */
  async close(): Promise<void> {
    await this.closeClient();
  }

  /** Creates a user; emails are stored lower-cased. Throws AppError `conflict` on a duplicate email. */
  async createUser(input: { isGuest: boolean; email?: string | null; passwordHash?: string | null }): Promise<User> {
    const [user] = await this.run(
      () =>
        this.db
          .insert(users)
          .values({
            email: input.email ? input.email.toLowerCase() : null,
            passwordHash: input.passwordHash ?? null,
            isGuest: input.isGuest,
            createdAt: new Date(),
            lastActiveAt: new Date(),
          })
          .returning(),
      { unique: emailTaken },
    );
    if (!user) throw new Error("insert into users returned no row");
    return user;
  }

  /** The user, or null when unknown (or when id is not a UUID). */
  async getUserById(input: { id: string }): Promise<User | null> {
    if (!isUuid(input.id)) return null;
    const [user] = await this.run(() => this.statements.userById.execute({ id: input.id }));
    return user ?? null;
  }

  /** Looks the email up case-insensitively. */
  async getUserByEmail(input: { email: string }): Promise<User | null> {
    const email = input.email.toLowerCase();
    const [user] = await this.run(() => this.db.select().from(users).where(eq(users.email, email)));
    return user ?? null;
  }

  async touchUser(input: { id: string }): Promise<void> {
    if (!isUuid(input.id)) return;
    await this.run(() => this.db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, input.id)));
  }

  async registerGuest(input: { id: string; email: string; passwordHash: string }): Promise<User | null> {
    if (!isUuid(input.id)) return null;
    const [user] = await this.run(
      () =>
        this.db
          .update(users)
          .set({ email: input.email.toLowerCase(), passwordHash: input.passwordHash, isGuest: false, lastActiveAt: new Date() })
          .where(and(eq(users.id, input.id), eq(users.isGuest, true)))
          .returning(),
      { unique: emailTaken },
    );
    return user ?? null;
  }

  async updateUserPassword(input: { id: string; passwordHash: string }): Promise<boolean> {
    if (!isUuid(input.id)) return false;
    const updated = await this.run(() =>
      this.db.update(users).set({ passwordHash: input.passwordHash }).where(eq(users.id, input.id)).returning({ id: users.id }),
    );
    return updated.length > 0;
  }

  async mergeGuestIntoUser(input: { guestId: string; userId: string }): Promise<number> {
    if (!isUuid(input.guestId) || !isUuid(input.userId) || input.guestId.toLowerCase() === input.userId.toLowerCase()) {
      return 0;
    }
    return this.run(() =>
      this.db.transaction(async (tx) => {
        // Locks the guest row, so two sign-ins racing with one guest cookie cannot both move its chats.
        const [guest] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.id, input.guestId), eq(users.isGuest, true)))
          .for("update");
        const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
        if (!guest || !target) return 0;
        await tx.update(files).set({ userId: input.userId }).where(eq(files.userId, input.guestId));
        const moved = await tx
          .update(chats)
          .set({ userId: input.userId })
          .where(eq(chats.userId, input.guestId))
          .returning({ id: chats.id });
        await tx.delete(users).where(eq(users.id, input.guestId));
        return moved.length;
      }),
    );
  }

  /** Chats, messages, votes and linked accounts go with the user through ON DELETE CASCADE, in the one statement. */
  async deleteUserById(input: { id: string }): Promise<boolean> {
    if (!isUuid(input.id)) return false;
    const deleted = await this.run(() => this.db.delete(users).where(eq(users.id, input.id)).returning({ id: users.id }));
    return deleted.length > 0;
  }

  async getUserByAccount(input: { provider: string; providerAccountId: string }): Promise<User | null> {
    const [row] = await this.run(() =>
      this.db
        .select({ user: users })
        .from(accounts)
        .innerJoin(users, eq(users.id, accounts.userId))
        .where(and(eq(accounts.provider, input.provider), eq(accounts.providerAccountId, input.providerAccountId))),
    );
    return row?.user ?? null;
  }

  /** Keeps an existing link and returns it; AppError `not_found` when the user does not exist. */
  async linkAccount(input: { userId: string; provider: string; providerAccountId: string }): Promise<Account> {
    const key = and(eq(accounts.provider, input.provider), eq(accounts.providerAccountId, input.providerAccountId));
    const [existing] = await this.run(() => this.db.select().from(accounts).where(key));
    if (existing) return existing;
    if (!isUuid(input.userId)) throw userNotFound(undefined);
    const [inserted] = await this.run(
      () =>
        this.db
          .insert(accounts)
          .values({
            provider: input.provider,
            providerAccountId: input.providerAccountId,
            userId: input.userId,
            createdAt: new Date(),
          })
          .onConflictDoNothing({ target: [accounts.provider, accounts.providerAccountId] })
          .returning(),
      { foreignKey: userNotFound },
    );
    if (inserted) return inserted;
    // Another sign-in linked it between the two statements: that link stands.
    const [winner] = await this.run(() => this.db.select().from(accounts).where(key));
    if (!winner) throw new Error("account link vanished after a conflicting insert");
    return winner;
  }

  /** Oldest first; ties in the same millisecond by provider, then provider account id, in byte order. */
  async listAccountsByUserId(input: { userId: string }): Promise<Account[]> {
    if (!isUuid(input.userId)) return [];
    return this.run(() =>
      this.db
        .select()
        .from(accounts)
        .where(eq(accounts.userId, input.userId))
        .orderBy(
          asc(accounts.createdAt),
          sql`${accounts.provider} collate "C"`,
          sql`${accounts.providerAccountId} collate "C"`,
        ),
    );
  }

  async deleteIdleGuests(input: { idleSince: Date }): Promise<number> {
    const deleted = await this.run(() =>
      this.db
        .delete(users)
        .where(and(eq(users.isGuest, true), lt(users.lastActiveAt, input.idleSince)))
        .returning({ id: users.id }),
    );
    return deleted.length;
  }

  async getUsageSince(input: { userId?: string; since: Date }): Promise<UsageSummary> {
    const empty: UsageSummary = { userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    if (input.userId !== undefined && !isUuid(input.userId)) return empty;
    const conditions = [gte(messages.createdAt, input.since)];
    if (input.userId !== undefined) conditions.push(eq(chats.userId, input.userId));
    const [row] = await this.run(() =>
      this.db
        .select({
          userMessages: sql<number>`count(*) filter (where ${messages.role} = 'user')`.mapWith(Number),
          answers: sql<number>`count(*) filter (where ${messages.role} = 'assistant')`.mapWith(Number),
          inputTokens: sql<number>`coalesce(sum(${messages.inputTokens}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
          outputTokens: sql<number>`coalesce(sum(${messages.outputTokens}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
          costUsd: sql<number>`coalesce(sum(${messages.costUsd}) filter (where ${messages.role} = 'assistant'), 0)`.mapWith(Number),
        })
        .from(messages)
        .innerJoin(chats, eq(chats.id, messages.chatId))
        .where(and(...conditions)),
    );
    return row ?? empty;
  }

  /** From a read at most SPEND_CACHE_MAX_AGE_MS old, plus the answers this store saved since (see Store). */
  async getSpendSince(input: { since: Date }): Promise<number> {
    const since = input.since.getTime();
    const now = Date.now();
    let read = this.spend;
    if (!read || read.since !== since || now - read.readAt >= SPEND_CACHE_MAX_AGE_MS) {
      const fresh: SpendRead = { since, readAt: now, ownUsd: 0, base: this.getUsageSince({ since: input.since }).then((usage) => usage.costUsd) };
      fresh.base.catch(() => {
        if (this.spend === fresh) this.spend = null;
      });
      this.spend = read = fresh;
    }
    return (await read.base) + read.ownUsd;
  }

  /**
   * Inserts a chat; returns null when a chat with that id already exists (whoever owns it).
   * Throws AppError `not_found` when the user does not exist, `bad_request` when an id is not a UUID.
   */
  async createChat(input: { id: string; userId: string; title: string; model?: string | null }): Promise<Chat | null> {
    const now = new Date();
    const [chat] = await this.run(
      () =>
        this.db
          .insert(chats)
          .values({
            id: requireUuid(input.id, "chat id"),
            userId: requireUuid(input.userId, "user id"),
            title: input.title,
            model: input.model ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: chats.id })
          .returning(),
      { foreignKey: userNotFound },
    );
    return chat ?? null;
  }

  /** The chat whoever owns it, or null. */
  async getChatById(input: { id: string }): Promise<Chat | null> {
    if (!isUuid(input.id)) return null;
    const [chat] = await this.run(() => this.statements.chatById.execute({ chatId: input.id }));
    return chat ?? null;
  }

  /** The chat when it belongs to userId, else null. */
  async getChatForUser(input: { chatId: string; userId: string }): Promise<Chat | null> {
    if (!isUuid(input.chatId) || !isUuid(input.userId)) return null;
    const [chat] = await this.run(() => this.statements.chatForUser.execute({ chatId: input.chatId, userId: input.userId }));
    return chat ?? null;
  }

  /**
   * A user's chats, most recently updated first; pass nextCursor back to get the next page.
   * Keyset pagination on (updated_at, id), served by chats_user_updated_idx. Throws AppError `bad_request`
   * for a malformed cursor or a limit below 1.
   */
  async listChatsByUserId(input: { userId: string; limit: number; cursor?: string | null }): Promise<Page<Chat>> {
    if (!Number.isInteger(input.limit) || input.limit < 1) {
      throw new AppError("bad_request", "limit must be a positive integer");
    }
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    if (!isUuid(input.userId)) return { items: [], nextCursor: null };
    const rows = await this.run(() =>
      this.db
        .select({ ...getTableColumns(chats), cursorTime })
        .from(chats)
        .where(
          and(
            eq(chats.userId, input.userId),
            after
              ? sql`(${chats.updatedAt}, ${chats.id}) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)`
              : undefined,
          ),
        )
        // NULLS LAST matches the index definition, which the planner needs to walk it instead of sorting.
        .orderBy(sql`${chats.updatedAt} desc nulls last`, sql`${chats.id} desc nulls last`)
        .limit(input.limit + 1),
    );
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorTime: _cursorTime, ...chat }) => chat),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.cursorTime, last.id) : null,
    };
  }

  async searchChatsByUserId(input: { userId: string; query: string; limit: number }): Promise<ChatSearchResult[]> {
    if (!Number.isInteger(input.limit) || input.limit < 1) {
      throw new AppError("bad_request", "limit must be a positive integer");
    }
    if (!isUuid(input.userId)) return [];
    const pattern = likePattern(input.query);
    // The first text part, in message order, that contains the query; null when only the title matches. The outer
    // column is spelled out: drizzle leaves columns unqualified inside a select list.
    const firstMatch = sql<string | null>`(
      select part->>'text' from ${messages} as m, jsonb_array_elements(m.parts) as part
      where m.chat_id = "chats"."id" and part->>'type' = 'text' and part->>'text' ilike ${pattern}
      order by m.created_at, m.id collate "C" limit 1
    )`;
    const rows = await this.run(() =>
      this.db
        .select({ chat: getTableColumns(chats), match: firstMatch })
        .from(chats)
        .where(and(eq(chats.userId, input.userId), sql`(${chats.title} ilike ${pattern} or ${firstMatch} is not null)`))
        .orderBy(sql`${chats.updatedAt} desc nulls last`, sql`${chats.id} desc nulls last`)
        .limit(input.limit),
    );
    return rows.map((row) => ({ chat: row.chat, snippet: row.match === null ? null : snippetAround(row.match, input.query) }));
  }

  /** Renames the chat without moving it in the list; false when it is not userId's. */
  async updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean> {
    if (!isUuid(input.chatId) || !isUuid(input.userId)) return false;
    const updated = await this.run(() => this.statements.renameChat.execute(input));
    return updated.length > 0;
  }

  /** Shares or unshares the chat without moving it in the list; false when it is not userId's. */
  async updateChatVisibility(input: { chatId: string; userId: string; visibility: Visibility }): Promise<boolean> {
    return this.updateOwnedChat(input.chatId, input.userId, { visibility: input.visibility });
  }

  /** Remembers the model picked for the chat without moving it in the list; false when it is not userId's. */
  async updateChatModel(input: { chatId: string; userId: string; model: string }): Promise<boolean> {
    return this.updateOwnedChat(input.chatId, input.userId, { model: input.model });
  }

  /**
   * Deletes the chat with its messages and votes; false when it is not userId's. One statement, so one
   * transaction: the foreign keys cascade from chats to messages to votes.
   */
  async deleteChatForUser(input: { chatId: string; userId: string }): Promise<boolean> {
    if (!isUuid(input.chatId) || !isUuid(input.userId)) return false;
    const deleted = await this.run(() =>
      this.db
        .delete(chats)
        .where(and(eq(chats.id, input.chatId), eq(chats.userId, input.userId)))
        .returning({ id: chats.id }),
    );
    return deleted.length > 0;
  }

  /** A chat's messages, oldest first (created_at, then id in byte order). */
  async getMessagesByChatId(input: { chatId: string }): Promise<Message[]> {
    if (!isUuid(input.chatId)) return [];
    return this.run(() => this.statements.messagesByChatId.execute({ chatId: input.chatId }));
  }

  /**
   * Inserts messages, or replaces parts/status/model of those whose (chatId, id) exists, and bumps each
   * chat's updatedAt, in one transaction. Omitted status means "complete" and omitted model means null, also
   * when replacing. Throws AppError `not_found`, saving nothing, when a chat does not exist.
   */
  async saveMessages(input: { messages: SaveMessageInput[] }): Promise<void> {
    if (input.messages.length === 0) return;
    const now = new Date();
    // One INSERT may not touch the same row twice; the last copy of a message wins, as it would one by one.
    const rows = new Map<string, SaveMessageInput & { chatId: string }>();
    for (const message of input.messages) {
      const chatId = requireUuid(message.chatId, "chat id");
      rows.set(`${chatId}\u0000${message.id}`, { ...message, chatId });
    }
    await this.run(() => this.runSql(SAVE_MESSAGES_SQL, [toMessageRecords([...rows.values()], now), now.toISOString()]), {
      foreignKey: chatNotFound,
    });
    const read = this.spend;
    if (read) {
      for (const row of rows.values()) {
        if (row.role === "assistant" && (row.createdAt ?? now).getTime() >= read.since) read.ownUsd += row.usage?.costUsd ?? 0;
      }
    }
  }

  async saveAnswerProgress(input: { chatId: string; answerId: string; message?: SaveMessageInput; liveUntil: Date }): Promise<boolean> {
    const chatId = requireUuid(input.chatId, "chat id");
    const toSave = input.message ? [{ ...input.message, chatId }] : [];
    const [row] = await this.run(() =>
      this.runSql(SAVE_PROGRESS_SQL, [chatId, input.answerId, input.liveUntil.toISOString(), toMessageRecords(toSave, new Date())]),
    );
    return row?.isLive === true;
  }

  async createFile(input: NewFileInput): Promise<FileRecord> {
    const values = { ...newFileColumns(input), id: requireUuid(input.id, "file id"), userId: requireUuid(input.userId, "user id") };
    const [file] = await this.run(() => this.db.insert(files).values(values).returning(), { foreignKey: userNotFound });
    if (!file) throw new Error("insert returned no row");
    return file;
  }

  async getFileById(input: { id: string }): Promise<FileRecord | null> {
    if (!isUuid(input.id)) return null;
    const [file] = await this.run(() => this.db.select().from(files).where(eq(files.id, input.id)));
    return file ?? null;
  }

  async attachFilesToChat(input: { userId: string; chatId: string; fileIds: readonly string[] }): Promise<boolean> {
    const ids = [...new Set(input.fileIds)];
    if (ids.length === 0) return true;
    if (!isUuid(input.userId) || !isUuid(input.chatId) || !ids.every(isUuid)) return false;
    const rollback = new Error("not every file can be attached");
    try {
      await this.run(() =>
        this.db.transaction(async (tx) => {
          const attached = await tx
            .update(files)
            .set({ chatId: input.chatId, attachedAt: sql`coalesce(${files.attachedAt}, now())` })
            .where(
              and(
                inArray(files.id, ids),
                eq(files.userId, input.userId),
                sql`(${files.chatId} is null or ${files.chatId} = ${input.chatId}::uuid)`,
              ),
            )
            .returning({ id: files.id });
          if (attached.length !== ids.length) throw rollback;
        }),
      );
      return true;
    } catch (error) {
      if (error === rollback) return false;
      throw error;
    }
  }

  async deleteOrphanFiles(input: { unattachedBefore: Date }): Promise<FileRecord[]> {
    return this.run(() =>
      this.db
        .delete(files)
        .where(
          sql`${files.userId} is null or (${files.chatId} is null and (${files.attachedAt} is not null or ${files.createdAt} < ${input.unattachedBefore.toISOString()}::timestamptz))`,
        )
        .returning(),
    );
  }

  async getFilesByIds(input: { ids: readonly string[] }): Promise<FileRecord[]> {
    const ids = [...new Set(input.ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (ids.length === 0) return [];
    return this.run(() => this.db.select().from(files).where(inArray(files.id, ids)));
  }

  async getChatTurnContext(input: { chatId: string; userId: string; usageSince: Date }): Promise<ChatTurnContext> {
    if (!isUuid(input.chatId) || !isUuid(input.userId)) {
      const [chat, usage] = await Promise.all([this.getChatById({ id: input.chatId }), this.getUsageSince({ userId: input.userId, since: input.usageSince })]);
      return { chat, messages: [], usage };
    }
    const [row] = await this.run(() => this.runSql(TURN_CONTEXT_SQL, [input.chatId, input.userId, input.usageSince.toISOString()]));
    if (!row) throw new Error("the turn context query returned no row");
    return fromTurnContextRow(row);
  }

  /** One statement (see SAVE_TURN_SQL): one round trip, and no transaction to begin and commit. */
  async saveChatTurn(input: ChatTurnInput): Promise<"saved" | "files_unavailable"> {
    const chatId = requireUuid(input.chat.id, "chat id");
    const userId = requireUuid(input.chat.userId, "user id");
    const fileIds = [...new Set(input.fileIds.map((id) => requireUuid(id, "file id")))];
    const now = new Date();
    const toSave = [input.message, input.answer?.message].flatMap((message) => (message ? [{ ...message, chatId }] : []));
    const [row] = await this.run(
      () =>
        this.runSql(SAVE_TURN_SQL, [
          chatId,
          userId,
          input.chat.title,
          input.chat.model,
          now.toISOString(),
          fileIds.join(","),
          toMessageRecords(toSave, now),
          input.answer?.message.id ?? null,
          input.answer?.liveUntil.toISOString() ?? null,
        ]),
      { foreignKey: userNotFound },
    );
    if (!row || row.chatIsForeign) throw new AppError("not_found", "Chat not found.");
    if (!row.filesOk) return "files_unavailable";
    if (!row.chatSaved) throw new AppError("not_found", "Chat not found.");
    return "saved";
  }

  /** Sets or replaces the vote on a message of the chat; AppError `not_found` when the message does not exist. */
  async voteMessage(input: { chatId: string; messageId: string; isUpvoted: boolean }): Promise<void> {
    const messageNotFound = (cause: unknown) => new AppError("not_found", "Message not found", { cause });
    if (!isUuid(input.chatId)) throw messageNotFound(undefined);
    await this.run(
      () =>
        this.db
          .insert(votes)
          .values({ chatId: input.chatId, messageId: input.messageId, isUpvoted: input.isUpvoted })
          .onConflictDoUpdate({ target: [votes.chatId, votes.messageId], set: { isUpvoted: input.isUpvoted } }),
      { foreignKey: messageNotFound },
    );
  }

  /** The chat's votes, ordered by message id. */
  async getVotesByChatId(input: { chatId: string }): Promise<Vote[]> {
    if (!isUuid(input.chatId)) return [];
    return this.run(() =>
      this.db
        .select()
        .from(votes)
        .where(eq(votes.chatId, input.chatId))
        .orderBy(sql`${votes.messageId} collate "C"`),
    );
  }

  private async updateOwnedChat(
    chatId: string,
    userId: string,
    values: { title: string } | { visibility: Visibility } | { model: string },
  ): Promise<boolean> {
    if (!isUuid(chatId) || !isUuid(userId)) return false;
    const updated = await this.run(() =>
      this.db
        .update(chats)
        .set(values)
        .where(and(eq(chats.id, chatId), eq(chats.userId, userId)))
        .returning({ id: chats.id }),
    );
    return updated.length > 0;
  }

  /** Runs a query, translating constraint violations the caller expects and connection failures. */
  private async run<T>(query: () => Promise<T>, constraints: ConstraintErrors = {}): Promise<T> {
    try {
      return await (this.gate ? this.gate.run(query) : query());
    } catch (error) {
      if (error instanceof AppError) throw error;
      const code = driverErrorCode(error);
      if (code === "23505" && constraints.unique) throw constraints.unique(error);
      if (code === "23503" && constraints.foreignKey) throw constraints.foreignKey(error);
      if (isConnectionError(error)) throw databaseUnavailable(error);
      throw error;
    }
  }
}

export type PostgresStoreOptions = {
  url: string;
  /** A direct connection for migrations when `url` goes through a transaction-mode pooler (see lib/config.ts). */
  migrationUrl?: string;
  /** Connections this instance may open (DB_POOL_MAX). */
  poolMax: number;
  /** How long a new connection may take (DB_CONNECT_TIMEOUT_MS); rounded up to whole seconds. */
  connectTimeoutMs: number;
  /**
   * DB_QUERY_TIMEOUT_MS: the longest one call may wait for a connection and its query before it answers
   * database_unavailable (see QueryGate); new connections then get this long too. Unset: no bound (scripts, tests).
   */
  queryTimeoutMs?: number;
  /**
   * Named prepared statements (default true): each statement is parsed and planned once per connection, and runs in
   * one round trip instead of two. Off behind a transaction-mode pooler that cannot keep them (DB_PREPARED_STATEMENTS).
   */
  preparedStatements?: boolean;
};

/** The server cancels a statement nobody waits for any more after this many times the client's own deadline. */
const SERVER_STATEMENT_TIMEOUT_FACTOR = 10;

/** DrizzleStore over a postgres-js pool, which can also bring its database's schema up to date. */
export class PostgresStore extends DrizzleStore {
  constructor(
    db: Database,
    runSql: RunSql,
    closeClient: () => Promise<void>,
    private readonly options: PostgresStoreOptions,
    gate: QueryGate | null,
  ) {
    super("postgres", db, runSql, closeClient, gate);
  }

  /**
   * Applies pending migrations over a dedicated connection under an advisory lock (see migratePostgres), so any
   * number of instances may call it at boot. Rejects when the database cannot be reached, which makes it the boot
   * probe too.
   */
  async migrate(): Promise<void> {
    await migratePostgres({ url: this.options.migrationUrl ?? this.options.url, connectTimeoutMs: this.options.connectTimeoutMs });
  }
}

/**
 * A store over a postgres-js pool. Connects lazily: creating it never fails, the first query (or ping) does.
 * Does not migrate; call `migrate()` on it (or migratePostgres from ./migrate) first.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { queryTimeoutMs } = options;
  const prepare = options.preparedStatements ?? true;
  const client = postgres(options.url, {
    max: options.poolMax,
    prepare,
    // A request cannot wait longer for a new connection than for its query (a hung server accepts and never answers).
    connect_timeout: toWholeSeconds(queryTimeoutMs === undefined ? options.connectTimeoutMs : Math.min(queryTimeoutMs, options.connectTimeoutMs)),
    // Serverless instances sit idle between requests; give their connections back to the server meanwhile.
    idle_timeout: 30,
    // Seconds before a connection tries again after failing. The driver's own backoff grows to 20 s after a few
    // failures, which would keep answering 503 for that long after the database is back; a second at most instead.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    onnotice: () => {},
    connection: {
      application_name: "chatbot",
      // The server gives up on work whose caller has long stopped waiting, so a slow statement frees its connection.
      ...(queryTimeoutMs === undefined
        ? {}
        : {
            statement_timeout: queryTimeoutMs * SERVER_STATEMENT_TIMEOUT_FACTOR,
            idle_in_transaction_session_timeout: queryTimeoutMs * SERVER_STATEMENT_TIMEOUT_FACTOR,
          }),
    },
  });
  const gate = queryTimeoutMs === undefined ? null : new QueryGate({ slots: options.poolMax, timeoutMs: queryTimeoutMs });
  const runSql: RunSql = (text, params) => client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare });
  return new PostgresStore(drizzlePostgres({ client }), runSql, () => client.end({ timeout: 5 }), options, gate);
}

export type PgliteStoreOptions = {
  /** A directory, created when missing, or "memory://" for a database that lives only in this process. */
  dir: string;
  /** Apply pending migrations before returning (default true): an embedded database has no separate deploy step. */
  migrate?: boolean;
};

/** A store over an embedded PGlite database; resolves once it is open (and migrated). */
export async function createPgliteStore({ dir, migrate = true }: PgliteStoreOptions): Promise<DrizzleStore> {
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  // Loaded here, not at the top: a server on PostgreSQL never needs PGlite's code (and its WASM) in memory.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const client = await PGlite.create(dir);
  const db = drizzlePglite({ client });
  const runSql: RunSql = async (text, params) => (await client.query<Record<string, unknown>>(text, [...params])).rows;
  try {
    if (migrate) await migratePglite(db);
  } catch (error) {
    await client.close();
    throw error;
  }
  return new DrizzleStore("pglite", db, runSql, () => client.close());
}
