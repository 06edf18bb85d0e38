import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";

import type { AppliedMigration } from "../migration-status";
import { readAppliedMigrations } from "../migration-status";
import type { SqlSession } from "../sql-session";
import { listTablesInDependencyOrder, listWritableColumns, qualified, quoteIdentifier } from "./app-schema";

// No "server-only" here: the database scripts run this module under plain Node.

/**
 * The app's own backup format, for when pg_dump is not available and for PGlite (which pg_dump cannot reach): gzip'd
 * JSON lines. Control lines are JSON arrays, rows are the JSON objects PostgreSQL's `to_jsonb` makes of them, so
 * every type round-trips exactly (timestamps to the microsecond, jsonb as it was, bigints without a detour through
 * JS numbers), and one file restores into PostgreSQL and PGlite alike:
 *
 *   ["chatbot-backup", { version, createdAt, source, migrations }]   the schema is the one those migrations make
 *   ["table", { name, columns }]                                     then its rows, one object a line
 *   ["end", { tables: { users: 12, ... } }]                          a file without it was cut short
 */
export const PORTABLE_FORMAT = "chatbot-backup";
export const PORTABLE_VERSION = 1;

export type PortableHeader = {
  version: number;
  createdAt: string;
  source: { kind: "postgres" | "pglite"; serverVersion: string };
  /** drizzle's journal in the source: a restore first applies exactly these migrations. */
  migrations: AppliedMigration[];
};

type ControlLine = ["table", { name: string; columns: string[] }] | ["end", { tables: Record<string, number> }];

const FETCH_ROWS = 1_000;
const INSERT_BATCH_ROWS = 1_000;
const INSERT_BATCH_CHARS = 8 * 1024 * 1024;

export async function serverVersion(session: SqlSession): Promise<{ version: string; major: number }> {
  const [row] = await session.query<{ version: string; num: string }>(
    `select current_setting('server_version') as version, current_setting('server_version_num') as num`,
  );
  return { version: row?.version ?? "unknown", major: Math.floor(Number(row?.num ?? 0) / 10_000) };
}

/**
 * Writes every table of `public` to `file` from one consistent snapshot (a repeatable-read, read-only transaction:
 * the app may keep writing meanwhile). Returns the rows written per table.
 */
export async function writePortableBackup(session: SqlSession, file: string): Promise<Record<string, number>> {
  const gzip = createGzip();
  const output = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(output);
  const written = once(output, "close");
  const write = async (line: string) => {
    if (!gzip.write(line + "\n")) await once(gzip, "drain");
  };

  const counts: Record<string, number> = {};
  await session.query("begin isolation level repeatable read read only");
  try {
    const header: PortableHeader = {
      version: PORTABLE_VERSION,
      createdAt: new Date().toISOString(),
      source: { kind: session.kind, serverVersion: (await serverVersion(session)).version },
      migrations: await readAppliedMigrations(session),
    };
    await write(JSON.stringify([PORTABLE_FORMAT, header]));
    for (const table of await listTablesInDependencyOrder(session)) {
      await write(JSON.stringify(["table", { name: table, columns: await listWritableColumns(session, table) }]));
      counts[table] = 0;
      await session.query(`declare backup_rows no scroll cursor for select to_jsonb(t)::text as row from ${qualified(table)} t`);
      for (;;) {
        const rows = await session.query<{ row: string }>(`fetch ${FETCH_ROWS} from backup_rows`);
        for (const { row } of rows) await write(row);
        counts[table] += rows.length;
        if (rows.length < FETCH_ROWS) break;
      }
      await session.query("close backup_rows");
    }
    await write(JSON.stringify(["end", { tables: counts }]));
    await session.query("commit");
  } catch (error) {
    await session.query("rollback").catch(() => {});
    gzip.destroy();
    output.destroy();
    throw error;
  }
  gzip.end();
  await written;
  return counts;
}

/** Lines of a portable backup, gzip'd or not; a damaged or cut gzip stream rejects. */
export async function* readPortableLines(file: string, gzipped: boolean): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const source = gzipped ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (error) => source.destroy(error));
  const decoder = new StringDecoder("utf8");
  let pending = "";
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line) yield line;
        newline = pending.indexOf("\n");
      }
    }
    pending += decoder.end();
    if (pending) yield pending;
  } finally {
    raw.destroy();
    source.destroy();
  }
}

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupFormatError";
  }
}

export function parsePortableHeader(line: string | undefined): PortableHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line ?? "");
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed[0] !== PORTABLE_FORMAT || typeof parsed[1] !== "object" || parsed[1] === null) {
    throw new BackupFormatError("not a chatbot backup (its first line is not a chatbot-backup header)");
  }
  const header = parsed[1] as PortableHeader;
  if (header.version !== PORTABLE_VERSION) {
    throw new BackupFormatError(`backup format version ${String(header.version)} is not one this version of the app reads (${PORTABLE_VERSION})`);
  }
  if (!Array.isArray(header.migrations)) throw new BackupFormatError("the backup's header lists no migrations");
  return header;
}

/**
 * Inserts the rows that follow the header into the (empty, migrated) tables of `public`, inside the caller's
 * transaction, and checks them against the end line. Returns the rows restored per table.
 */
export async function loadPortableRows(session: SqlSession, lines: AsyncIterator<string>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let table: { name: string; insert: string } | null = null;
  let batch: string[] = [];
  let batchChars = 0;
  const flush = async () => {
    if (!table || batch.length === 0) return;
    await session.query(table.insert, [`[${batch.join(",")}]`]);
    counts[table.name] = (counts[table.name] ?? 0) + batch.length;
    batch = [];
    batchChars = 0;
  };

  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    if (line.startsWith("{")) {
      if (!table) throw new BackupFormatError("a row comes before any table");
      batch.push(line);
      batchChars += line.length;
      if (batch.length >= INSERT_BATCH_ROWS || batchChars >= INSERT_BATCH_CHARS) await flush();
      continue;
    }
    await flush();
    const control = parseControlLine(line);
    if (control[0] === "end") {
      for (const [name, expected] of Object.entries(control[1].tables)) {
        if ((counts[name] ?? 0) !== expected) {
          throw new BackupFormatError(`table ${name}: the backup says ${expected} rows, ${counts[name] ?? 0} were read`);
        }
      }
      return counts;
    }
    table = { name: control[1].name, insert: await insertStatement(session, control[1].name) };
    counts[table.name] = 0;
  }
  throw new BackupFormatError("the backup file is incomplete (it ends before its last line); it was cut short while being written or copied");
}

function parseControlLine(line: string): ControlLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BackupFormatError("a line of the backup is not JSON (the file is damaged)");
  }
  if (Array.isArray(parsed) && (parsed[0] === "table" || parsed[0] === "end") && typeof parsed[1] === "object" && parsed[1] !== null) {
    return parsed as ControlLine;
  }
  throw new BackupFormatError("a line of the backup is neither a row nor a table (the file is damaged)");
}

/**
 * One INSERT for a batch of rows passed as one JSON array: PostgreSQL turns each object back into a row of the
 * table's own type. OVERRIDING SYSTEM VALUE keeps identity columns' values as they were.
 */
async function insertStatement(session: SqlSession, table: string): Promise<string> {
  const columns = await listWritableColumns(session, table);
  if (columns.length === 0) {
    throw new BackupFormatError(`the backup has a table "${table}" that the restored schema does not have`);
  }
  const list = columns.map(quoteIdentifier).join(", ");
  return `insert into ${qualified(table)} (${list}) overriding system value
          select ${list} from jsonb_populate_recordset(null::${qualified(table)}, $1::text::jsonb)`;
}
