import "server-only";
import { randomUUID } from "node:crypto";
import type { FileRecord } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { formatBytes } from "@/lib/documents/kinds";
import type { UploadLimits } from "@/lib/documents/limits";
import { readUpload } from "@/lib/documents/read-upload";
import { AppError } from "@/lib/errors";
import { toStorableText } from "@/lib/http/user-text";
import { log } from "@/lib/log";
import { type FileStorage, storageKeyFor } from "./file-storage";
import { getFileStorage } from "./index";

/** An upload request is the file plus a little multipart framing. */
export function maxUploadRequestBytes(limits: Pick<UploadLimits, "maxFileBytes">): number {
  return limits.maxFileBytes + 64 * 1024;
}

/**
 * The name to show for an uploaded file: its last path segment (a crafted request may send `../../x.pdf`), without
 * control characters, at most 255 characters. Only shown and offered on download, never used as a path.
 */
export function displayNameOf(raw: string, fallback = "file"): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // Controls are dropped (the name goes into a Content-Disposition header); the cut may halve a surrogate pair, which
  // the user-text rule (lib/http/user-text.ts) then marks.
  const clean = toStorableText(base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255));
  return clean && clean !== "." && clean !== ".." ? clean : fallback;
}

export function requireFileStorage() {
  const storage = getFileStorage();
  if (!storage) {
    throw new AppError(
      "server_misconfigured",
      "File uploads are not available here: the operator has not configured file storage (BLOB_READ_WRITE_TOKEN).",
    );
  }
  return storage;
}

/**
 * Checks and keeps an uploaded file: its type comes from its bytes (see readUpload), a document's text is read once
 * here and kept with its row, and the name is only shown.
 */
export async function saveUpload(store: Store, input: { userId: string; file: File; limits: UploadLimits }): Promise<FileRecord> {
  const { file, limits } = input;
  const name = displayNameOf(file.name);
  if (file.size === 0) throw new AppError("bad_request", `file: ${name} is empty.`);
  if (file.size > limits.maxFileBytes) {
    throw new AppError("payload_too_large", `file: ${name} is larger than ${formatBytes(limits.maxFileBytes)}, the most a file may be.`);
  }
  const storage = requireFileStorage();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const read = await readUpload(bytes, name, { maxChars: limits.maxDocumentChars });
  if (!read.document && bytes.byteLength > limits.maxImageBytes) {
    throw new AppError("payload_too_large", `file: ${name} is larger than ${formatBytes(limits.maxImageBytes)}, the most an image may be.`);
  }
  const id = randomUUID();
  const storageKey = storageKeyFor(input.userId, id);
  await storage.put(storageKey, bytes, read.mediaType);
  try {
    return await store.createFile({
      id,
      userId: input.userId,
      name,
      mediaType: read.mediaType,
      size: bytes.byteLength,
      storageKey,
      document: read.document,
    });
  } catch (error) {
    await storage.remove([storageKey]).catch(() => undefined);
    throw error;
  }
}

/** Uploads never sent in a message are kept this long (the composer may hold them a while), then pruned. */
export const UNSENT_UPLOAD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Removes the bytes of files nobody can reach any more (see Store.deleteOrphanFiles); returns how many. */
export async function removeOrphanFiles(store: Store, storage: FileStorage | null, unattachedBefore: Date): Promise<number> {
  const orphans = await store.deleteOrphanFiles({ unattachedBefore });
  if (storage && orphans.length > 0) await storage.remove(orphans.map((file) => file.storageKey));
  return orphans.length;
}

/**
 * After a chat is deleted: its files (sent in it, so orphans at once) leave the database and file storage now, not
 * at the next `db:prune`. A failure is logged and left to the prune, which applies the same rule.
 */
export async function removeDeletedChatFiles(store: Store): Promise<void> {
  await removeOrphanFiles(store, getFileStorage(), new Date(Date.now() - UNSENT_UPLOAD_RETENTION_MS)).catch((error: unknown) =>
    log.warn("files: removing a deleted chat's files failed; db:prune will retry", { err: error }),
  );
}
