import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";

import { build } from "pino-pretty";

import { readLogSettings } from "../lib/config/observability";
import { parseArguments, UsageError } from "./script-database";

const USAGE = "Usage: npm run logs [-- FILE|-] [--no-follow]";
const TAIL_LINES = 100;
/** The end of the file read for the first lines; a log line is far shorter. */
const TAIL_BYTES = 256 * 1024;
const POLL_MS = 250;
const CHUNK_BYTES = 64 * 1024;

/**
 * `npm run logs`: the server's log (LOG_FILE, or the FILE given; `-` reads standard input, e.g. `docker compose
 * logs -f app | npm run logs -- -`) formatted for reading: the last 100 lines, then new ones as they are written,
 * like `tail -F`: a file that is rotated (replaced or truncated) is followed from its start. Lines that are not JSON
 * are shown as they are.
 */
function main(): void {
  const { positional, flags } = parseArguments(process.argv.slice(2), ["--no-follow"]);
  if (positional.length > 1) throw new UsageError("give at most one FILE");
  const file = positional[0] ?? readLogSettings().file;
  if (!file) throw new UsageError("no log file: set LOG_FILE (the server then writes its log there too), or give a FILE");
  const pretty = build({
    colorize: Boolean(process.stdout.isTTY),
    destination: 1,
    sync: true,
    translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l",
    ignore: "pid,hostname",
  });
  const show = (line: string) => {
    if (line.trim()) pretty.write(line + "\n");
  };

  if (file === "-") {
    createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", show);
    return;
  }
  if (!existsSync(file)) throw new UsageError(`there is no file ${file} (yet: the server creates it when it first logs)`);
  let position = showTail(file, show);
  if (flags.has("--no-follow")) return;
  let inode = statSync(file).ino;
  let pending = "";
  let decoder = new StringDecoder("utf8");
  setInterval(() => {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return; // Between a rotation's rename and the new file's creation.
    }
    if (stats.ino !== inode || stats.size < position) {
      inode = stats.ino;
      position = 0;
      pending = "";
      decoder = new StringDecoder("utf8");
    }
    if (stats.size === position) return;
    const read = readFrom(file, position, stats.size);
    position += read.length;
    pending += decoder.write(read);
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    lines.forEach(show);
  }, POLL_MS);
}

/** Shows the last lines of the file and returns where following continues. */
function showTail(file: string, show: (line: string) => void): number {
  const size = statSync(file).size;
  const start = Math.max(0, size - TAIL_BYTES);
  const text = readFrom(file, start, size).toString("utf8");
  const lines = text.split("\n");
  const complete = lines.slice(start > 0 ? 1 : 0, -1);
  complete.slice(-TAIL_LINES).forEach(show);
  // An unfinished last line is shown once it ends.
  return size - Buffer.byteLength(lines.at(-1) ?? "");
}

function readFrom(file: string, start: number, end: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const chunks: Buffer[] = [];
    for (let offset = start; offset < end; ) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, end - offset));
      const bytes = readSync(fd, chunk, 0, chunk.length, offset);
      if (bytes === 0) break;
      chunks.push(chunk.subarray(0, bytes));
      offset += bytes;
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : `logs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
