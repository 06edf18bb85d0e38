import "server-only";
import { randomUUID } from "node:crypto";
import type { FileRecord } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
import { toStorableText } from "@/lib/http/user-text";
import { type FileStorage, storageKeyFor } from "./file-storage";
import { getFileStorage } from "./index";
import { sniffImageType } from "./sniff-type";

/** Images beyond this are refused: providers take ~20 MB at most, and a phone photo is 2–5 MB. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** An upload request is the file plus a little multipart framing. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

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

/** Checks and keeps an uploaded image: the type comes from its bytes, the name is only shown. */
export async function saveUpload(store: Store, input: { userId: string; file: File }): Promise<FileRecord> {
  if (input.file.size === 0) throw new AppError("bad_request", "file: the file is empty.");
  if (input.file.size > MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", `file: images may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  }
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  const mediaType = sniffImageType(bytes);
  if (!mediaType) {
    throw new AppError("unsupported_media_type", "file: only PNG, JPEG, GIF and WebP images can be attached.");
  }
  const storage = requireFileStorage();
  const id = randomUUID();
  const storageKey = storageKeyFor(input.userId, id);
  await storage.put(storageKey, bytes, mediaType);
  // Controls are dropped (the name goes into a Content-Disposition header); the cut may halve a surrogate pair.
  const name = toStorableText((input.file.name || "image").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 255)) || "image";
  try {
    return await store.createFile({ id, userId: input.userId, name, mediaType, size: bytes.byteLength, storageKey });
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
