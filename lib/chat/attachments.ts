import type { FileRecord } from "@/lib/db/schema";
import { toMessageFilePart } from "@/lib/documents/file-part";
import { checkFileCount } from "@/lib/documents/limits";
import { AppError } from "@/lib/errors";
import { FILE_URL_PATTERN, toFileJson } from "@/lib/storage/file-json";
import type { ChatMessage } from "./types";

type Part = ChatMessage["parts"][number];

/** The upload a message part points at (`/api/files/<id>`), or null for any other part. */
export function fileIdOf(part: Part): string | null {
  if (part.type !== "file") return null;
  return FILE_URL_PATTERN.exec(part.url)?.[1]?.toLowerCase() ?? null;
}

/** The uploads the messages' file parts point at, each once. */
export function fileIdsIn(messages: readonly { parts: readonly Part[] }[]): string[] {
  const ids = new Set<string>();
  for (const message of messages) {
    for (const part of message.parts) {
      const id = fileIdOf(part);
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

/**
 * The user's new message with each file part checked against its upload: it must be the user's own and attached to
 * no other chat, and its type and name become the ones recorded at upload (sniffed), not what the client sent.
 * Returns the upload ids, to attach to the chat with the message. Throws 400, before anything is written.
 */
export function checkAttachments(
  message: ChatMessage,
  files: ReadonlyMap<string, FileRecord>,
  owner: { userId: string; chatId: string },
): { message: ChatMessage; fileIds: string[] } {
  const fileIds: string[] = [];
  const parts = message.parts.map((part): Part => {
    const id = fileIdOf(part);
    if (!id) return part;
    const file = files.get(id);
    if (!file || file.userId !== owner.userId) {
      throw new AppError("bad_request", "message.parts: an attached file was not found. Attach it again.");
    }
    if (file.chatId !== null && file.chatId !== owner.chatId) {
      throw new AppError("bad_request", "message.parts: an attached file belongs to another chat. Attach it again.");
    }
    fileIds.push(file.id);
    // documents (#13): the part is rebuilt from the row, with a document's kind, size and pages for its chip.
    return toMessageFilePart(toFileJson(file));
  });
  // documents (#13): UPLOAD_MAX_FILES_PER_MESSAGE, counted over the distinct files.
  checkFileCount(new Set(fileIds).size);
  return { message: { ...message, parts }, fileIds };
}
