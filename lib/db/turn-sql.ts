import { getTableColumns } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

import { chats, messages, users } from "./schema";
import type { Chat, Message, User } from "./schema";
import type { SaveMessageInput, UsageSummary } from "./store";

// The statements a chat message runs on every turn, each one statement (one round trip, atomic on its own, no
// BEGIN/COMMIT) with a fixed text, so the driver prepares it once per connection. Written as SQL because Drizzle's
// builder cannot say data-modifying CTEs; rows come back as JSON and are mapped through the schema's own columns.

/** Runs one parameterized statement; rows as the driver parses them. */
export type RunSql = (text: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * $1 chat id, $2 user id, $3 since: the chat whoever owns it, its messages only when it is the user's (oldest first,
 * as getMessagesByChatId orders them), the user's usage since $3 (as getUsageSince counts it), and the user's row
 * (the session's check, read here rather than in a statement of its own).
 */
export const TURN_CONTEXT_SQL = `
select
  (select to_json(c) from chats c where c.id = $1) as chat,
  (select to_json(x) from users x where x.id = $2) as "user",
  (select coalesce(json_agg(to_json(m) order by m.created_at, m.id collate "C"), '[]'::json)
     from messages m where m.chat_id = $1 and exists (select 1 from chats o where o.id = $1 and o.user_id = $2)) as messages,
  u.*
from (
  select
    count(*) filter (where m.role = 'user')::int as "userMessages",
    count(*) filter (where m.role = 'assistant')::int as answers,
    coalesce(sum(m.input_tokens) filter (where m.role = 'assistant'), 0)::float8 as "inputTokens",
    coalesce(sum(m.output_tokens) filter (where m.role = 'assistant'), 0)::float8 as "outputTokens",
    coalesce(sum(m.cost_usd) filter (where m.role = 'assistant'), 0)::float8 as "costUsd"
  from messages m inner join chats uc on uc.id = m.chat_id
  where m.created_at >= $3::timestamptz and uc.user_id = $2
) u`;

/**
 * $1 chat id, $2 user id, $3 title, $4 model, $5 now, $6 the files' ids comma-separated ('' for none), $7 the
 * messages to insert (a JSON array, see toMessageRecords; kept as first saved when their id exists), $8 the id of the
 * answer about to be written (null for none) and $9 its lease: the chat's live answer until then.
 *
 * All or nothing in one statement: the files are locked and checked first (the user's, attached to no other chat);
 * the chat is created, or when it is this user's its model set and moved up the list; then the files, the messages
 * and the user's last activity, each only once the chat is written. `chatIsForeign` reads the chat as it was before
 * the statement, so someone else's chat is reported as such even when a file was also refused.
 */
export const SAVE_TURN_SQL = `
with
  wanted as (select distinct unnest(string_to_array($6::text, ','))::uuid as id),
  usable as (
    select f.id from files f
    where f.id in (select id from wanted) and f.user_id = $2 and (f.chat_id is null or f.chat_id = $1)
    for update
  ),
  checked as (select (select count(*) from usable) = (select count(*) from wanted) as files_ok),
  chat as (
    insert into chats (id, user_id, title, model, created_at, updated_at, active_stream_id, active_stream_expires_at)
    select $1, $2, $3, $4, $5::timestamptz, $5::timestamptz, $8::text, $9::timestamptz where (select files_ok from checked)
    on conflict (id) do update set model = excluded.model, updated_at = excluded.updated_at,
      active_stream_id = coalesce(excluded.active_stream_id, chats.active_stream_id),
      active_stream_expires_at = case when excluded.active_stream_id is null then chats.active_stream_expires_at
        else excluded.active_stream_expires_at end
      where chats.user_id = excluded.user_id
    returning id
  ),
  attached as (
    update files set chat_id = $1, attached_at = coalesce(attached_at, $5::timestamptz)
    where id in (select id from usable) and exists (select 1 from chat) returning id
  ),
  saved as (
    insert into messages (chat_id, id, parent_id, role, parts, status, model, input_tokens, output_tokens, cost_usd, created_at)
    select $1, r.id, r.parent_id, r.role, r.parts, r.status, r.model, r.input_tokens, r.output_tokens, r.cost_usd, r.created_at
    from jsonb_to_recordset($7::jsonb) as r(id text, parent_id text, role text, parts jsonb, status text, model text,
      input_tokens int, output_tokens int, cost_usd float8, created_at timestamptz)
    where exists (select 1 from chat)
    on conflict (chat_id, id) do nothing
    returning id
  ),
  touched as (update users set last_active_at = $5::timestamptz where id = $2 and exists (select 1 from chat) returning id)
select
  exists (select 1 from chats c where c.id = $1 and c.user_id <> $2) as "chatIsForeign",
  (select files_ok from checked) as "filesOk",
  exists (select 1 from chat) as "chatSaved"`;

/**
 * $1 the messages (a JSON array, see toMessageRecords; each chat must exist), $2 now: inserts them, or replaces
 * parts, status, model and usage of those whose (chat_id, id) exists, and bumps their chats' updated_at. Saving a
 * chat's live answer ends it: its active_stream_id and lease are cleared. The chats are locked before the messages
 * (the insert waits on `locked`), the order SAVE_PROGRESS_SQL takes them in, so the two never deadlock.
 */
export const SAVE_MESSAGES_SQL = `
with
  records as (
    select * from jsonb_to_recordset($1::jsonb) as r(chat_id uuid, id text, parent_id text, role text, parts jsonb,
      status text, model text, input_tokens int, output_tokens int, cost_usd float8, created_at timestamptz)
  ),
  locked as (select id from chats where id in (select chat_id from records) order by id for update),
  saved as (
    insert into messages (chat_id, id, parent_id, role, parts, status, model, input_tokens, output_tokens, cost_usd, created_at)
    select r.chat_id, r.id, r.parent_id, r.role, r.parts, r.status, r.model, r.input_tokens, r.output_tokens, r.cost_usd, r.created_at
    from records r where (select count(*) from locked) >= 0
    on conflict (chat_id, id) do update set
      parts = excluded.parts, status = excluded.status, model = excluded.model,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd
    returning chat_id, id
  )
update chats c set
  updated_at = $2::timestamptz,
  -- SET expressions read the row as it was, so both test the old active_stream_id.
  active_stream_id = case when c.active_stream_id in (select id from saved s where s.chat_id = c.id) then null
    else c.active_stream_id end,
  active_stream_expires_at = case when c.active_stream_id in (select id from saved s where s.chat_id = c.id) then null
    else c.active_stream_expires_at end
where c.id in (select chat_id from saved)`;

/**
 * $1 chat id, $2 answer id, $3 its new lease, $4 the answer so far (a JSON array of zero or one message, see
 * toMessageRecords): renews the lease and replaces the answer's parts, status and model, only while the answer is
 * still the chat's live one. The chat row is locked first, so a final save (SAVE_MESSAGES_SQL, which clears the
 * lease) either waits for this or has already made it a no-op: a late progress write never overwrites the answer.
 */
export const SAVE_PROGRESS_SQL = `
with
  live as (update chats set active_stream_expires_at = $3::timestamptz where id = $1 and active_stream_id = $2 returning id),
  saved as (
    insert into messages (chat_id, id, parent_id, role, parts, status, model, input_tokens, output_tokens, cost_usd, created_at)
    select $1, r.id, r.parent_id, r.role, r.parts, r.status, r.model, r.input_tokens, r.output_tokens, r.cost_usd, r.created_at
    from jsonb_to_recordset($4::jsonb) as r(id text, parent_id text, role text, parts jsonb, status text, model text,
      input_tokens int, output_tokens int, cost_usd float8, created_at timestamptz)
    where exists (select 1 from live)
    on conflict (chat_id, id) do update set parts = excluded.parts, status = excluded.status, model = excluded.model
    returning id
  )
select exists (select 1 from live) as "isLive"`;

type MessageRecord = {
  chat_id: string;
  id: string;
  parent_id: string | null;
  role: string;
  parts: unknown;
  status: string;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  created_at: string;
};

/** Messages as the JSON rows the statements above read with jsonb_to_recordset, defaults applied as saveMessages'. */
export function toMessageRecords(rows: readonly (SaveMessageInput & { chatId: string })[], now: Date): string {
  const records = rows.map(
    (message): MessageRecord => ({
      chat_id: message.chatId,
      id: message.id,
      parent_id: message.parentId ?? null,
      role: message.role,
      parts: message.parts,
      status: message.status ?? "complete",
      model: message.model ?? null,
      input_tokens: message.usage?.inputTokens ?? null,
      output_tokens: message.usage?.outputTokens ?? null,
      cost_usd: message.usage?.costUsd ?? null,
      created_at: (message.createdAt ?? now).toISOString(),
    }),
  );
  return JSON.stringify(records);
}

/** A row of `table` as to_json wrote it (column names as keys), mapped as Drizzle maps what it selects. */
function fromJsonRow<T>(table: PgTable, row: Record<string, unknown>): T {
  const mapped: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[column.name];
    mapped[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return mapped as T;
}

const parseJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

export type TurnContextRow = { chat: Chat | null; messages: Message[]; usage: UsageSummary; user?: User | null };

export function fromTurnContextRow(row: Record<string, unknown>, withUser = false): TurnContextRow {
  const chat = parseJson(row.chat) as Record<string, unknown> | null;
  const rows = parseJson(row.messages) as Record<string, unknown>[];
  const user = parseJson(row.user) as Record<string, unknown> | null;
  return {
    ...(withUser ? { user: user ? fromJsonRow<User>(users, user) : null } : {}),
    chat: chat ? fromJsonRow<Chat>(chats, chat) : null,
    messages: rows.map((message) => fromJsonRow<Message>(messages, message)),
    usage: {
      userMessages: Number(row.userMessages),
      answers: Number(row.answers),
      inputTokens: Number(row.inputTokens),
      outputTokens: Number(row.outputTokens),
      costUsd: Number(row.costUsd),
    },
  };
}
