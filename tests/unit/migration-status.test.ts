import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultBackupPath, detectBackupFormat } from "@/lib/db/backup/backup-file";
import { compareMigrations, listCodeMigrations, writeMigrationsFolder } from "@/lib/db/migration-status";

const code = [
  { tag: "0000_init", when: 100, hash: "a" },
  { tag: "0001_more", when: 200, hash: "b" },
  { tag: "0002_late", when: 300, hash: "c" },
];
const applied = (...times: number[]) => times.map((createdAt) => ({ hash: "?", createdAt }));
const tags = (list: { tag: string }[]) => list.map((migration) => migration.tag);

describe("compareMigrations", () => {
  it("finds nothing pending in a database that has every migration", () => {
    const status = compareMigrations(code, applied(100, 200, 300));
    expect(tags(status.applied)).toEqual(["0000_init", "0001_more", "0002_late"]);
    expect(status.pending).toEqual([]);
    expect(status.skipped).toEqual([]);
  });

  it("lists as pending the migrations newer than the last one applied", () => {
    const status = compareMigrations(code, applied(100));
    expect(tags(status.applied)).toEqual(["0000_init"]);
    expect(tags(status.pending)).toEqual(["0001_more", "0002_late"]);
  });

  it("treats a database drizzle never migrated as having everything pending", () => {
    expect(tags(compareMigrations(code, []).pending)).toEqual(["0000_init", "0001_more", "0002_late"]);
  });

  it("reports a migration older than the last applied one as skipped: drizzle would never apply it", () => {
    const status = compareMigrations(code, applied(100, 300));
    expect(tags(status.skipped)).toEqual(["0001_more"]);
    expect(status.pending).toEqual([]);
  });

  it("reports migrations a newer version applied", () => {
    expect(compareMigrations(code, applied(100, 200, 300, 400)).unknown).toEqual(applied(400));
  });
});

describe("migration files", () => {
  it("lists drizzle/ in journal order with the hashes drizzle records", () => {
    const migrations = listCodeMigrations();
    expect(migrations[0]?.tag).toBe("0000_init");
    expect(migrations.every((migration) => /^[0-9a-f]{64}$/.test(migration.hash))).toBe(true);
    expect(migrations.map((migration) => migration.when)).toEqual([...migrations.map((migration) => migration.when)].sort());
  });

  it("writes a folder holding only the first migrations, which lists the same way", () => {
    const firstTwo = listCodeMigrations().slice(0, 2);
    const folder = writeMigrationsFolder(firstTwo);
    try {
      expect(listCodeMigrations(folder)).toEqual(firstTwo);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("backup files", () => {
  it("names default backups under backups/ by the moment, with the format's extension", () => {
    const at = new Date("2026-07-20T07:11:07.676Z");
    expect(defaultBackupPath("pg_dump", at)).toBe(path.join("backups", "chatbot-2026-07-20T07-11-07Z.dump"));
    expect(defaultBackupPath("portable", at)).toBe(path.join("backups", "chatbot-2026-07-20T07-11-07Z.jsonl.gz"));
  });

  it("tells the formats apart by their bytes, not their names", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chatbot-format-"));
    try {
      const write = (name: string, content: string | Buffer) => {
        const file = path.join(dir, name);
        writeFileSync(file, content);
        return file;
      };
      expect(detectBackupFormat(write("a.gz", Buffer.from("PGDMP\x01\x0e\x00")))).toEqual({ format: "pg_dump" });
      expect(detectBackupFormat(write("b.dump", Buffer.from([0x1f, 0x8b, 0x08, 0x00])))).toEqual({ format: "portable", gzipped: true });
      expect(detectBackupFormat(write("c", '["chatbot-backup",{"version":1}]\n'))).toEqual({ format: "portable", gzipped: false });
      expect(detectBackupFormat(write("d.sql", "--\n-- PostgreSQL database dump\n"))).toMatchObject({ format: "unknown", hint: expect.stringContaining("psql") });
      expect(detectBackupFormat(write("e.txt", "hello"))).toMatchObject({ format: "unknown" });
      expect(readFileSync(path.join(dir, "c"), "utf8")).toContain("chatbot-backup");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
