import { and, eq, getTableColumns, sql } from "drizzle-orm";

import { chats, messages } from "../schema";
import type { Chat, Visibility } from "../schema";
import { likePattern, snippetAround } from "../search-text";
import type { ChatSearchResult, Page } from "../store";
import { decodeCursor, encodeCursor } from "../store-input";
import { type DrizzleContext, type StoreInput, userNotFound } from "./context";

/**
 * The cursor's time: the exact stored value, microseconds included. A JS Date would drop them, and a cursor rounded
 * down to the millisecond would skip rows written by `now()` within that millisecond.
 */
const cursorTime = sql<string>`to_char(${chats.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The list's order, newest first. NULLS LAST matches chats_user_updated_idx, which the planner needs to walk it. */
const newestFirst = [sql`${chats.updatedAt} desc nulls last`, sql`${chats.id} desc nulls last`];

export async function createChat(context: DrizzleContext, input: StoreInput<"createChat">): Promise<Chat | null> {
  const now = new Date();
  const [chat] = await context.run(
    () =>
      context.db
        .insert(chats)
        .values({ id: input.id, userId: input.userId, title: input.title, model: input.model ?? null, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: chats.id })
        .returning(),
    { foreignKey: userNotFound },
  );
  return chat ?? null;
}

export async function getChatById(context: DrizzleContext, input: StoreInput<"getChatById">): Promise<Chat | null> {
  const [chat] = await context.run(() => context.statements.chatById.execute({ chatId: input.id }));
  return chat ?? null;
}

export async function getChatForUser(context: DrizzleContext, input: StoreInput<"getChatForUser">): Promise<Chat | null> {
  const [chat] = await context.run(() => context.statements.chatForUser.execute(input));
  return chat ?? null;
}

// Keyset pagination on (updated_at, id), served by chats_user_updated_idx.
export async function listChatsByUserId(context: DrizzleContext, input: StoreInput<"listChatsByUserId">): Promise<Page<Chat>> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await context.run(() =>
    context.db
      .select({ ...getTableColumns(chats), cursorTime })
      .from(chats)
      .where(
        and(
          eq(chats.userId, input.userId),
          after ? sql`(${chats.updatedAt}, ${chats.id}) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(...newestFirst)
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorTime: _cursorTime, ...chat }) => chat),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.cursorTime, last.id) : null,
  };
}

export async function searchChatsByUserId(context: DrizzleContext, input: StoreInput<"searchChatsByUserId">): Promise<ChatSearchResult[]> {
  const pattern = likePattern(input.query);
  // The first text part, in message order, that contains the query; null when only the title matches. The outer
  // column is spelled out: drizzle leaves columns unqualified inside a select list.
  const firstMatch = sql<string | null>`(
    select part->>'text' from ${messages} as m, jsonb_array_elements(m.parts) as part
    where m.chat_id = "chats"."id" and part->>'type' = 'text' and part->>'text' ilike ${pattern}
    order by m.created_at, m.id collate "C" limit 1
  )`;
  const rows = await context.run(() =>
    context.db
      .select({ chat: getTableColumns(chats), match: firstMatch })
      .from(chats)
      .where(and(eq(chats.userId, input.userId), sql`(${chats.title} ilike ${pattern} or ${firstMatch} is not null)`))
      .orderBy(...newestFirst)
      .limit(input.limit),
  );
  return rows.map((row) => ({ chat: row.chat, snippet: row.match === null ? null : snippetAround(row.match, input.query) }));
}

export async function updateChatTitle(context: DrizzleContext, input: StoreInput<"updateChatTitle">): Promise<boolean> {
  const updated = await context.run(() => context.statements.renameChat.execute(input));
  return updated.length > 0;
}

/** Sets columns of the chat when it is userId's, without moving it in the list (updatedAt stays). */
export async function updateOwnedChat(
  context: DrizzleContext,
  input: { chatId: string; userId: string },
  values: { visibility: Visibility } | { model: string },
): Promise<boolean> {
  const updated = await context.run(() =>
    context.db
      .update(chats)
      .set(values)
      .where(and(eq(chats.id, input.chatId), eq(chats.userId, input.userId)))
      .returning({ id: chats.id }),
  );
  return updated.length > 0;
}

// One statement, so one transaction: the foreign keys cascade from chats to messages to votes.
export async function deleteChatForUser(context: DrizzleContext, input: StoreInput<"deleteChatForUser">): Promise<boolean> {
  const deleted = await context.run(() =>
    context.db
      .delete(chats)
      .where(and(eq(chats.id, input.chatId), eq(chats.userId, input.userId)))
      .returning({ id: chats.id }),
  );
  return deleted.length > 0;
}
