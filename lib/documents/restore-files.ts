import "server-only";
import { randomUUID } from "node:crypto";
import type { FileRecord, MessagePart } from "@/lib/db/schema";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { FILE_URL_PATTERN, toFileJson } from "@/lib/storage/file-json";
import { type FileStorage, storageKeyFor } from "@/lib/storage/file-storage";
import { displayNameOf } from "@/lib/storage/uploads";
import { toMessageFilePart } from "./file-part";
import { isDocumentRecord } from "./model-input";

/** An import copies at most this many files; the others become notes (an export is a few MB of JSON, not a drive). */
const MAX_RESTORED_FILES = 200;

/**
 * An imported chat gets its own copy of each file its export names, when that file still exists and is the
 * importer's own upload (an export never opens someone else's file): the copy belongs to the new chat, so deleting
 * either chat leaves the other whole. A file that cannot be restored becomes a note in the message saying so.
 */
export async function restoreImportedFiles(
  store: Store,
  storage: FileStorage | null,
  userId: string,
  messages: SaveMessageInput[],
): Promise<{ messages: SaveMessageInput[]; fileIds: string[] }> {
  const idOf = (part: MessagePart) => (part.type === "file" ? (FILE_URL_PATTERN.exec(part.url)?.[1]?.toLowerCase() ?? null) : null);
  const ids = [...new Set(messages.flatMap((message) => message.parts.map(idOf).filter((id): id is string => id !== null)))];
  const copies = new Map<string, FileRecord>();
  for (const id of ids.slice(0, MAX_RESTORED_FILES)) {
    const original = await store.getFileById({ id });
    if (!original || original.userId !== userId || !storage) continue;
    const bytes = await storage.read(original.storageKey);
    if (!bytes) continue;
    const copyId = randomUUID();
    const storageKey = storageKeyFor(userId, copyId);
    await storage.put(storageKey, bytes, original.mediaType);
    const document = isDocumentRecord(original)
      ? { kind: original.kind, text: original.text ?? "", pageCount: original.pageCount, charCount: original.charCount ?? 0, truncated: original.truncated }
      : null;
    copies.set(id, await store.createFile({ id: copyId, userId, name: original.name, mediaType: original.mediaType, size: original.size, storageKey, document }));
  }
  const restored = messages.map((message) => ({
    ...message,
    parts: message.parts.map((part): MessagePart => {
      const id = idOf(part);
      if (!id || part.type !== "file") return part;
      const copy = copies.get(id);
      if (copy) return toMessageFilePart(toFileJson(copy));
      // The name comes from the imported file: cleaned as an upload's would be (no NUL, no control characters).
      return { type: "text", text: `[Attachment not restored: ${displayNameOf(part.filename ?? "", "a file")} no longer exists here.]` };
    }),
  }));
  return { messages: restored, fileIds: [...copies.values()].map((file) => file.id) };
}
