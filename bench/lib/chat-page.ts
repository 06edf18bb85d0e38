import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createPostgresStore } from "@/lib/db/drizzle-store";
import { MemoryStore } from "@/lib/db/memory-store";
import { migratePostgres } from "@/lib/db/migrate";
import type { Store } from "@/lib/db/store";
import { percentile } from "./stats";

/** The sidebar's page size. */
const PAGE_SIZE = 50;

export type PageTiming = { p50Ms: number; p95Ms: number; samples: number };

export type ChatPageResult = {
  chatsOfUser: number;
  chatsOfOthers: number;
  /** The newest 50 chats (the sidebar's first page) and a page 5,000 chats deep (reached by cursor). */
  postgres: { first: PageTiming; deep: PageTiming; plan: string };
  memory: { first: PageTiming; deep: PageTiming };
};

async function timePages(store: Store, userId: string, cursor: string | null, samples: number): Promise<PageTiming> {
  for (let index = 0; index < 50; index++) await store.listChatsByUserId({ userId, limit: PAGE_SIZE, cursor });
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    const page = await store.listChatsByUserId({ userId, limit: PAGE_SIZE, cursor });
    times.push(performance.now() - started);
    if (page.items.length !== PAGE_SIZE) throw new Error(`a page had ${page.items.length} chats, expected ${PAGE_SIZE}`);
  }
  return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), samples };
}

/** The cursor that starts the page `skip` chats down the list, reached the way a client scrolls: page by page. */
async function cursorAfter(store: Store, userId: string, skip: number): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < skip; seen += 500) {
    const page: Awaited<ReturnType<Store["listChatsByUserId"]>> = await store.listChatsByUserId({ userId, limit: 500, cursor });
    cursor = page.nextCursor;
    if (!cursor) throw new Error("the list ended early");
  }
  return cursor!;
}

/**
 * Seeds one user with `chatsOfUser` chats (and other users with `chatsOfOthers`, so the query must pick the user's
 * rows out) by bulk insert, then times pages of 50 through the Store on PostgreSQL and on the in-memory store.
 */
export async function benchChatPage(input: { databaseUrl: string; chatsOfUser: number; chatsOfOthers: number; samples: number }): Promise<ChatPageResult> {
  const { databaseUrl, chatsOfUser, chatsOfOthers, samples } = input;
  await migratePostgres({ url: databaseUrl });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let userId: string;
  let plan: string;
  try {
    const otherUsers = 50;
    const [user] = await sql<{ id: string }[]>`insert into users (is_guest) values (true) returning id`;
    userId = user!.id;
    await sql`insert into users (is_guest) select true from generate_series(1, ${otherUsers})`;
    await sql`
      insert into chats (id, user_id, title, updated_at, created_at)
      select gen_random_uuid(), ${userId}, 'Chat ' || n, now() - n * interval '1 second', now() - n * interval '1 second'
      from generate_series(1, ${chatsOfUser}) as n`;
    await sql`
      insert into chats (id, user_id, title, updated_at, created_at)
      select gen_random_uuid(), u.id, 'Chat ' || n, now() - n * interval '1 second', now() - n * interval '1 second'
      from (select id from users where id <> ${userId}) u, generate_series(1, ${Math.ceil(chatsOfOthers / otherUsers)}) as n`;
    await sql`analyze`;
    const rows = await sql.unsafe(
      `explain analyze select * from chats where user_id = $1 order by updated_at desc nulls last, id desc nulls last limit ${PAGE_SIZE + 1}`,
      [userId],
    );
    plan = rows.map((row) => String(row["QUERY PLAN"])).join("\n");
  } finally {
    await sql.end({ timeout: 5 });
  }

  const pg = createPostgresStore({ url: databaseUrl, poolMax: 2, connectTimeoutMs: 5_000 });
  const deepSkip = Math.floor(chatsOfUser / 2);
  let postgresResult: ChatPageResult["postgres"];
  try {
    postgresResult = {
      first: await timePages(pg, userId, null, samples),
      deep: await timePages(pg, userId, await cursorAfter(pg, userId, deepSkip), samples),
      plan,
    };
  } finally {
    await pg.close();
  }

  const memory = new MemoryStore();
  const owner = await memory.createUser({ isGuest: true });
  for (let index = 0; index < chatsOfUser; index++) await memory.createChat({ id: randomUUID(), userId: owner.id, title: `Chat ${index}` });
  for (let user = 0; user < 50; user++) {
    const other = await memory.createUser({ isGuest: true });
    for (let index = 0; index < chatsOfOthers / 50; index++) await memory.createChat({ id: randomUUID(), userId: other.id, title: `Chat ${index}` });
  }
  const memoryResult = {
    first: await timePages(memory, owner.id, null, samples),
    deep: await timePages(memory, owner.id, await cursorAfter(memory, owner.id, deepSkip), samples),
  };
  return { chatsOfUser, chatsOfOthers, postgres: postgresResult, memory: memoryResult };
}
