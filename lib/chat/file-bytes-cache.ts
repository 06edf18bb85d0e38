import "server-only";
import type { FileRecord } from "@/lib/db/schema";
import type { FileStorage } from "@/lib/storage/file-storage";

/**
 * Bytes of recently sent uploads, so that each turn of a chat with images does not read every image of its history
 * from disk or Blob again. Uploads never change once stored, so an entry cannot go stale; who may read one is decided
 * by the file rows each request reads first. Bounded by size, least recently used out first.
 */
const MAX_CACHED_BYTES = 32 * 1024 * 1024;

type CacheState = { entries: Map<string, Uint8Array>; bytes: number; reading: Map<string, Promise<Uint8Array | null>> };

const globalForCache = globalThis as unknown as { __chatbotFileBytes?: CacheState };
const cache = (globalForCache.__chatbotFileBytes ??= { entries: new Map(), bytes: 0, reading: new Map() });

function remember(key: string, bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_CACHED_BYTES / 4) return;
  cache.entries.set(key, bytes);
  cache.bytes += bytes.byteLength;
  for (const [oldest, value] of cache.entries) {
    if (cache.bytes <= MAX_CACHED_BYTES) break;
    cache.entries.delete(oldest);
    cache.bytes -= value.byteLength;
  }
}

/** The upload's bytes, or null when storage no longer has them (or there is no storage). */
export async function readFileBytes(storage: FileStorage | null, file: FileRecord): Promise<Uint8Array | null> {
  const key = file.storageKey;
  const cached = cache.entries.get(key);
  if (cached) {
    // Re-inserted: a Map iterates in insertion order, so the front is always the least recently used.
    cache.entries.delete(key);
    cache.entries.set(key, cached);
    return cached;
  }
  if (!storage) return null;
  let reading = cache.reading.get(key);
  if (!reading) {
    reading = storage.read(key).then((bytes) => {
      if (bytes) remember(key, bytes);
      return bytes;
    });
    reading.finally(() => cache.reading.delete(key)).catch(() => undefined);
    cache.reading.set(key, reading);
  }
  return reading;
}
