import "server-only";
import type { Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";
import { documentInputOptions } from "@/lib/documents/document-input";
import { toMessageFilePart } from "@/lib/documents/file-part";
import { checkFileCount } from "@/lib/documents/limits";
import { withDocumentInput } from "@/lib/documents/model-input";
import { FILE_URL_PATTERN, toFileJson } from "@/lib/storage/file-json";
import type { FileStorage } from "@/lib/storage/file-storage";
import type { ChatMessage } from "./types";

type Part = ChatMessage["parts"][number];

function fileIdOf(part: Part): string | null {
  if (part.type !== "file") return null;
  return FILE_URL_PATTERN.exec(part.url)?.[1]?.toLowerCase() ?? null;
}

/**
 * The user's message with each image part checked against the uploads: it must be the user's own upload, and its
 * type and name are the ones recorded at upload (sniffed), not what the client sent. Returns the file ids too.
 */
export async function checkAttachments(store: Store, userId: string, message: ChatMessage): Promise<{ message: ChatMessage; fileIds: string[] }> {
  const fileIds: string[] = [];
  const parts: Part[] = [];
  for (const part of message.parts) {
    const id = fileIdOf(part);
    if (!id) {
      parts.push(part);
      continue;
    }
    const file = await store.getFileById({ id });
    if (!file || file.userId !== userId) throw new AppError("bad_request", "message.parts: an attached file was not found. Attach it again.");
    fileIds.push(file.id);
    // documents (#13): the part is rebuilt from the row, with a document's kind, size and pages for its chip.
    parts.push(toMessageFilePart(toFileJson(file)));
  }
  // documents (#13): UPLOAD_MAX_FILES_PER_MESSAGE, counted over the distinct files.
  checkFileCount(new Set(fileIds).size);
  return { message: { ...message, parts }, fileIds };
}

/**
 * The conversation as the model receives it: image parts carry their bytes (a data URL), since a provider cannot
 * fetch this app's URLs. An image whose file is gone becomes a note, so the rest of the chat still works. Documents
 * become their delimited text (lib/documents/model-input.ts), and PDFs also files when `readsPdf`.
 */
export async function inlineAttachments(
  store: Store,
  storage: FileStorage | null,
  conversation: ChatMessage[],
  documents: { readsPdf: boolean },
): Promise<ChatMessage[]> {
  // documents (#13): each document part becomes its delimited text (and a PDF for models that read them) first.
  const messages = await withDocumentInput(conversation, documentInputOptions(store, storage, documents));
  return Promise.all(
    messages.map(async (message) => {
      if (!message.parts.some((part) => fileIdOf(part))) return message;
      const parts = await Promise.all(
        message.parts.map(async (part): Promise<Part> => {
          const id = fileIdOf(part);
          if (!id || part.type !== "file") return part;
          const file = await store.getFileById({ id });
          const bytes = file && storage ? await storage.read(file.storageKey) : null;
          if (!file || !bytes) return { type: "text", text: "[An image that is no longer available]" };
          return { ...part, url: `data:${file.mediaType};base64,${Buffer.from(bytes).toString("base64")}` };
        }),
      );
      return { ...message, parts };
    }),
  );
}
