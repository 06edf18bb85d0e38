import "server-only";
import { convertToModelMessages, type FilePart, type ModelMessage, type TextPart } from "ai";
import { isImagePart } from "@/lib/ai/vision";
import type { FileRecord } from "@/lib/db/schema";
import type { FileStorage } from "@/lib/storage/file-storage";
import { fileIdOf, fileIdsIn } from "./attachments";
import { readFileBytes } from "./file-bytes-cache";
import type { ChatMessage } from "./types";

/** Marks a stored file part on its way to convertToModelMessages, which hands it to toModelFilePart. */
const ATTACHMENT_PART = "data-attachment";
const MISSING_FILE_NOTE = "[An attachment that is no longer available]";

/** The uploads whose bytes the model receives (the others travel as what was extracted from them). */
function needsBytes(file: FileRecord): boolean {
  return isImagePart({ type: "file", mediaType: file.mediaType });
}

/**
 * What the model receives for one stored file part: an image as its bytes (the provider's client encodes them for
 * its API), an upload that is gone as a note so the rest of the chat still works. The one place where a stored
 * attachment becomes model input: each new kind of upload gets its conversion here.
 */
export function toModelFilePart(file: FileRecord | undefined, bytes: Uint8Array | null): TextPart | FilePart {
  if (!file || !bytes) return { type: "text", text: MISSING_FILE_NOTE };
  return { type: "file", data: bytes, mediaType: file.mediaType, filename: file.name };
}

/**
 * The conversation as the model receives it. `files` holds the upload rows of the chat's file parts (read once by
 * the turn's plan); the bytes of those in the history come from file storage through a small cache, all at once.
 */
export async function toModelMessages(
  history: readonly ChatMessage[],
  files: ReadonlyMap<string, FileRecord>,
  storage: FileStorage | null,
): Promise<ModelMessage[]> {
  const withBytes = fileIdsIn(history).flatMap((id) => {
    const file = files.get(id);
    return file && needsBytes(file) ? [file] : [];
  });
  const bytes = new Map(await Promise.all(withBytes.map(async (file) => [file.id, await readFileBytes(storage, file)] as const)));
  const marked = history.map((message): ChatMessage => {
    if (!message.parts.some((part) => part.type === "file")) return message;
    return {
      ...message,
      parts: message.parts.map((part) => {
        const id = fileIdOf(part);
        return id ? { type: ATTACHMENT_PART, data: id } : part;
      }),
    };
  });
  return convertToModelMessages(marked, {
    convertDataPart: (part) => {
      if (part.type !== ATTACHMENT_PART || typeof part.data !== "string") return undefined;
      return toModelFilePart(files.get(part.data), bytes.get(part.data) ?? null);
    },
  });
}
