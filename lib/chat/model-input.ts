import "server-only";
import { convertToModelMessages, type FilePart, type ModelMessage, type TextPart } from "ai";
import { isImagePart } from "@/lib/ai/vision";
import type { FileRecord } from "@/lib/db/schema";
import { documentModelParts, isDocumentRecord, NATIVE_PDF_MAX_BYTES_PER_REQUEST } from "@/lib/documents/model-input";
import type { FileStorage } from "@/lib/storage/file-storage";
import { fileIdOf, fileIdsIn } from "./attachments";
import { readFileBytes } from "./file-bytes-cache";
import type { ChatMessage } from "./types";

/** Marks a stored file part on its way to convertToModelMessages, which hands it to toModelFilePart's result. */
const ATTACHMENT_PART = "data-attachment";
const MISSING_FILE_NOTE = "[An attachment that is no longer available]";

type ModelFilePart = TextPart | FilePart;

export type ModelInputOptions = {
  /** The answering model reads PDFs natively (its catalog entry's `pdf` capability): PDFs also go as files. */
  readsPdf: boolean;
  /** Document text one message gives the model, its documents together (DOCUMENT_MAX_CHARS_PER_MESSAGE). */
  maxMessageDocumentChars: number;
};

/**
 * What the model receives for one stored file part: an image as its bytes (the provider's client encodes them for
 * its API); a document as its delimited text read at upload, cut at the characters its message has left
 * (`remainingChars`), and a PDF also as its bytes when they are given (the model reads PDFs); an upload that is gone
 * as a note, so the rest of the chat still works. The one place where a stored attachment becomes model input: each
 * new kind of upload gets its conversion here. Returns the document characters it used.
 */
export function toModelFilePart(
  file: FileRecord | undefined,
  input: { bytes: Uint8Array | null; remainingChars: number; maxMessageChars: number },
): { parts: ModelFilePart[]; usedChars: number } {
  if (file && isDocumentRecord(file)) {
    return documentModelParts(file, { remainingChars: input.remainingChars, maxMessageChars: input.maxMessageChars, pdfData: input.bytes });
  }
  if (!file || !input.bytes) return { parts: [{ type: "text", text: MISSING_FILE_NOTE }], usedChars: 0 };
  return { parts: [{ type: "file", data: input.bytes, mediaType: file.mediaType, filename: file.name }], usedChars: 0 };
}

/**
 * The uploads whose bytes the model receives: every image, and for a model that reads PDFs the PDFs that fit in one
 * request's budget, newest first (older ones still go as their text).
 */
function filesWithBytes(history: readonly ChatMessage[], files: ReadonlyMap<string, FileRecord>, options: ModelInputOptions): FileRecord[] {
  const chosen: FileRecord[] = [];
  let pdfRoom = NATIVE_PDF_MAX_BYTES_PER_REQUEST;
  for (const id of fileIdsIn(history).reverse()) {
    const file = files.get(id);
    if (!file) continue;
    if (isDocumentRecord(file)) {
      if (!options.readsPdf || file.kind !== "pdf" || file.size > pdfRoom) continue;
      pdfRoom -= file.size;
    } else if (!isImagePart({ type: "file", mediaType: file.mediaType })) {
      continue;
    }
    chosen.push(file);
  }
  return chosen;
}

/**
 * The conversation as the model receives it. `files` holds the upload rows of the chat's file parts (read once by
 * the turn's plan: a document's text is in its row); the bytes the model needs (images, PDFs for a model that reads
 * them) come from file storage through a small cache, all at once. Each message's documents share its character
 * budget, in order.
 */
export async function toModelMessages(
  history: readonly ChatMessage[],
  files: ReadonlyMap<string, FileRecord>,
  storage: FileStorage | null,
  options: ModelInputOptions,
): Promise<ModelMessage[]> {
  const withBytes = filesWithBytes(history, files, options);
  const bytes = new Map(await Promise.all(withBytes.map(async (file) => [file.id, await readFileBytes(storage, file)] as const)));
  // convertToModelMessages turns each marked part into one model part; a file may need several (text and PDF).
  const converted = new Map<string, ModelFilePart>();
  const marked = history.map((message, messageIndex): ChatMessage => {
    if (!message.parts.some((part) => part.type === "file")) return message;
    let remainingChars = options.maxMessageDocumentChars;
    return {
      ...message,
      parts: message.parts.flatMap((part, partIndex) => {
        const id = fileIdOf(part);
        if (!id) return [part];
        const input = toModelFilePart(files.get(id), {
          bytes: bytes.get(id) ?? null,
          remainingChars,
          maxMessageChars: options.maxMessageDocumentChars,
        });
        remainingChars -= input.usedChars;
        return input.parts.map((modelPart, index) => {
          const key = `${messageIndex}:${partIndex}:${index}`;
          converted.set(key, modelPart);
          return { type: ATTACHMENT_PART, data: key } as const;
        });
      }),
    };
  });
  return convertToModelMessages(marked, {
    convertDataPart: (part) => (part.type === ATTACHMENT_PART && typeof part.data === "string" ? converted.get(part.data) : undefined),
  });
}
