import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";

// No "server-only" here: the database scripts run this module under plain Node.

export type BackupFormat = "pg_dump" | "portable";

/** Where `npm run db:backup` writes without a FILE: backups/ (git-ignored), named for the moment, sortable. */
export function defaultBackupPath(format: BackupFormat, now: Date = new Date(), directory = "backups"): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, "Z").replaceAll(":", "-");
  return path.join(directory, `chatbot-${stamp}${format === "pg_dump" ? ".dump" : ".jsonl.gz"}`);
}

export type DetectedFormat = { format: "pg_dump" } | { format: "portable"; gzipped: boolean } | { format: "unknown"; hint: string };

/** Tells the formats apart by their first bytes, whatever the file is called. */
export function detectBackupFormat(file: string): DetectedFormat {
  const head = Buffer.alloc(64);
  const fd = openSync(file, "r");
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = head.subarray(0, length);
  if (bytes.subarray(0, 5).toString("latin1") === "PGDMP") return { format: "pg_dump" };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { format: "portable", gzipped: true };
  if (bytes.toString("utf8").startsWith('["chatbot-backup"')) return { format: "portable", gzipped: false };
  if (/^(--|SET |CREATE )/.test(bytes.toString("utf8"))) {
    return { format: "unknown", hint: "it looks like a plain SQL dump: restore it with psql -f" };
  }
  return { format: "unknown", hint: "it is neither a pg_dump archive (custom format) nor a chatbot backup" };
}
