/**
 * Where uploaded bytes live: Vercel Blob (private store) when BLOB_READ_WRITE_TOKEN is set, else a local directory.
 * Keys are ours (`<userId>/<fileId>`), never a user's file name. The database keeps who owns what; this keeps bytes.
 */
export interface FileStorage {
  readonly kind: "blob" | "local";
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  read(key: string): Promise<Uint8Array | null>;
  /** Removes objects; missing ones are not an error. */
  remove(keys: readonly string[]): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** Keys are built from UUIDs only, so a key can never climb out of the upload directory or the blob store prefix. */
export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${key}`);
}

export function storageKeyFor(userId: string, fileId: string): string {
  const key = `${userId}/${fileId}`;
  assertStorageKey(key);
  return key;
}
