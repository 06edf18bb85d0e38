import { and, asc, eq, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

import { AppError } from "@/lib/errors";

import { databaseUnavailable, driverErrorCode, isConnectionError } from "../connection-errors";
import type { QueryGate } from "../query-gate";
import { chats, messages, users } from "../schema";
import type { Store } from "../store";
import type { RunSql } from "../turn-sql";
import { getUsageSince, SpendCache } from "./usage";

export type Database = PgDatabase<PgQueryResultHKT>;

/** A Store method's input (checked already: ids are well-formed and lower-cased, see store-input-checks.ts). */
export type StoreInput<K extends Exclude<keyof Store, "kind">> = Parameters<Store[K]>[0];

/** The errors a query's constraint violations mean, built only when one happens (an error captures a stack trace). */
export type ConstraintErrors = { unique?: (cause: unknown) => AppError; foreignKey?: (cause: unknown) => AppError };

export const emailTaken = (cause: unknown) => new AppError("conflict", "An account with this email already exists", { cause });
export const userNotFound = (cause: unknown) => new AppError("not_found", "User not found", { cause });
export const chatNotFound = (cause: unknown) => new AppError("not_found", "Chat not found", { cause });

/** What every table's queries share: the database, and how a query runs on it. */
export type DrizzleContext = {
  db: Database;
  /** Plain SQL on the same connections, for the statements Drizzle's builder cannot say (see turn-sql.ts). */
  runSql: RunSql;
  /** Runs a query, translating the constraint violations the caller expects and connection failures. */
  run<T>(query: () => Promise<T>, constraints?: ConstraintErrors): Promise<T>;
  readonly statements: Statements;
  spend: SpendCache;
};

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

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Driver failures become AppError `database_unavailable` when the database is unreachable; other errors propagate
 * unchanged. `gate` bounds each call in time and number (a server pool); absent for an embedded database.
 */
export function createContext(db: Database, runSql: RunSql, gate: QueryGate | null): DrizzleContext {
  let statements: Statements | null = null;
  const context: DrizzleContext = {
    db,
    runSql,
    async run(query, constraints = {}) {
      try {
        return await (gate ? gate.run(query) : query());
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = driverErrorCode(error);
        if (code === "23505" && constraints.unique) throw constraints.unique(error);
        if (code === "23503" && constraints.foreignKey) throw constraints.foreignKey(error);
        if (isConnectionError(error)) throw databaseUnavailable(error);
        throw error;
      }
    },
    get statements() {
      return (statements ??= prepareStatements(db));
    },
    spend: new SpendCache((since) => getUsageSince(context, { since })),
  };
  return context;
}
