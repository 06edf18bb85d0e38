import type { SqlSession } from "../sql-session";

// No "server-only" here: the database scripts run this module under plain Node.

/**
 * The app keeps everything in two schemas: its tables in `public`, drizzle's journal of applied migrations in
 * `drizzle`. Backups hold those two and nothing else, so a database shared with other software (Supabase's auth
 * and storage schemas, say) can be backed up and restored without touching what is not ours.
 */
export const APP_SCHEMAS = ["public", "drizzle"] as const;

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (table: string) => `public.${quoteIdentifier(table)}`;

/** Tables and views in the app's schemas, as `schema.name`, the app's own first; empty for a database that holds nothing of ours. */
export async function listAppRelations(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in (${APP_SCHEMAS.map((schema) => `'${schema}'`).join(", ")}) and c.relkind in ('r', 'p', 'v', 'm', 'f')
      order by n.nspname = 'public' desc, 1`,
  );
  return rows.map((row) => row.name);
}

/**
 * The tables of `public`, parents before children (by foreign key), so rows can be inserted in that order.
 * A cycle of foreign keys would have no such order; the app's schema has none, and one is reported rather than guessed.
 */
export async function listTablesInDependencyOrder(session: SqlSession): Promise<string[]> {
  const tables = (
    await session.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    )
  ).map((row) => row.name);
  const edges = await session.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent
       from pg_constraint k
       join pg_class child on child.oid = k.conrelid join pg_namespace cn on cn.oid = child.relnamespace
       join pg_class parent on parent.oid = k.confrelid join pg_namespace pn on pn.oid = parent.relnamespace
      where k.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public' and child.oid <> parent.oid`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((table) =>
      edges.every((edge) => edge.child !== table || !remaining.has(edge.parent)),
    );
    if (ready.length === 0) throw new Error(`Cannot order tables by their foreign keys (a cycle among: ${[...remaining].join(", ")})`);
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table);
    }
  }
  return ordered;
}

/** Columns a restore writes: all but generated ones, in table order. */
export async function listWritableColumns(session: SqlSession, table: string): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `select a.attname as name from pg_attribute a
       join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname = $1 and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attnum`,
    [table],
  );
  return rows.map((row) => row.name);
}

export async function countRows(session: SqlSession, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await session.query<{ count: string | number }>(`select count(*) as count from ${qualified(table)}`);
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}

/** Moves each sequence behind a column of `public` past the values restored into it, so new rows do not collide. */
export async function resetSequences(session: SqlSession): Promise<void> {
  const columns = await session.query<{ table_name: string; column_name: string; sequence: string }>(
    `select c.relname as table_name, a.attname as column_name, pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as sequence
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) is not null`,
  );
  for (const column of columns) {
    const name = quoteIdentifier(column.column_name);
    await session.query(
      `select setval($1::regclass, coalesce((select max(${name}) from ${qualified(column.table_name)}), 1),
              (select max(${name}) from ${qualified(column.table_name)}) is not null)`,
      [column.sequence],
    );
  }
}

/** Objects an extension created (pgcrypto installed into `public`, say) belong to it, not to the app. */
const NOT_FROM_EXTENSION = (oid: string) => `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;

/**
 * Drops everything of the app's (`restore --force`): the `drizzle` schema, and the tables, views, sequences, types
 * and functions in `public`. The `public` schema itself stays, with the owner and grants the database gave it, and
 * so do objects extensions created.
 */
export async function dropAppObjects(session: SqlSession): Promise<void> {
  await session.query(`drop schema if exists drizzle cascade`);
  const relations = await session.query<{ kind: string; name: string }>(
    `select c.relkind as kind, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not c.relispartition
        and ${NOT_FROM_EXTENSION("c.oid")}`,
  );
  const keyword: Record<string, string> = { r: "table", p: "table", v: "view", m: "materialized view", S: "sequence", f: "foreign table" };
  for (const relation of relations) {
    await session.query(`drop ${keyword[relation.kind] ?? "table"} if exists ${qualified(relation.name)} cascade`);
  }
  const types = await session.query<{ kind: string; name: string }>(
    `select t.typtype as kind, t.typname as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
       left join pg_class c on c.oid = t.typrelid
      where n.nspname = 'public' and (t.typtype in ('e', 'r', 'd') or (t.typtype = 'c' and c.relkind = 'c'))
        and ${NOT_FROM_EXTENSION("t.oid")}`,
  );
  for (const type of types) {
    await session.query(`drop ${type.kind === "d" ? "domain" : "type"} if exists ${qualified(type.name)} cascade`);
  }
  const routines = await session.query<{ signature: string }>(
    `select 'public.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prokind in ('f', 'p') and ${NOT_FROM_EXTENSION("p.oid")}`,
  );
  for (const routine of routines) await session.query(`drop routine if exists ${routine.signature} cascade`);
}
