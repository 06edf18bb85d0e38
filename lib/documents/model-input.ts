import type { ChatMessage } from "@/lib/chat/types";
import type { FileRecord } from "@/lib/db/schema";
import { FILE_URL_PATTERN } from "@/lib/storage/file-json";
import { isDocumentPart } from "./file-part";
import { DOCUMENT_KINDS, type DocumentKind, documentLabel } from "./kinds";
import { formatDocumentBlock } from "./prompt-format";

type Part = ChatMessage["parts"][number];

/** A stored document as the model input needs it: its row, text read at upload included. */
export type DocumentRecord = Pick<FileRecord, "id" | "name" | "mediaType" | "size" | "kind" | "text" | "pageCount" | "truncated" | "storageKey">;

/**
 * PDFs a model reads natively go beside their text while they fit in this many bytes per request, newest first:
 * OpenAI takes about 32 MB of file input per request, and every page also costs image tokens.
 */
export const NATIVE_PDF_MAX_BYTES_PER_REQUEST = 32 * 1024 * 1024;

const formatCount = (count: number) => count.toLocaleString("en-US");

export function isDocumentRecord(file: Pick<FileRecord, "kind">): file is Pick<FileRecord, "kind"> & { kind: DocumentKind } {
  return file.kind !== null && DOCUMENT_KINDS.includes(file.kind as DocumentKind);
}

/**
 * The model's input for one stored document: a delimited text part (name, type, pages, the text) cut at the
 * characters left for this message's documents, with a note saying so when cut; then, when `pdfData` is given (the
 * model reads PDFs natively), the PDF itself as a file part. Returns how many characters of text it used.
 */
export function documentModelParts(
  file: DocumentRecord,
  options: { remainingChars: number; maxMessageChars: number; pdfData?: Uint8Array | null },
): { parts: Part[]; usedChars: number } {
  const kind = isDocumentRecord(file) ? file.kind : "text";
  const stored = file.text ?? "";
  const room = Math.max(0, options.remainingChars);
  const text = stored.length > room ? stored.slice(0, room).toWellFormed() : stored;
  let note: string | null = null;
  if (text.length < stored.length) {
    note =
      text.length === 0
        ? `Left out: this message's documents already fill the ${formatCount(options.maxMessageChars)} characters a message may carry.`
        : `Truncated: only the first ${formatCount(text.length)} characters fit in this message's limit of ${formatCount(options.maxMessageChars)} for documents; the rest is left out.`;
  } else if (file.truncated) {
    note = `Truncated: the document is longer; only its first ${formatCount(text.length)} characters were kept at upload.`;
  }
  const block = formatDocumentBlock({ name: file.name, type: documentLabel(kind, file.name), pageCount: file.pageCount, text, note });
  const parts: Part[] = [{ type: "text", text: block }];
  if (options.pdfData && kind === "pdf") {
    parts.push({
      type: "file",
      mediaType: "application/pdf",
      filename: file.name,
      url: `data:application/pdf;base64,${Buffer.from(options.pdfData).toString("base64")}`,
    });
  }
  return { parts, usedChars: text.length };
}

function documentIdOf(part: Part): string | null {
  if (!isDocumentPart(part)) return null;
  return FILE_URL_PATTERN.exec(part.url)?.[1]?.toLowerCase() ?? null;
}

export type DocumentInputOptions = {
  /** The answering model reads PDFs natively (its catalog entry's `pdf` capability). */
  readsPdf: boolean;
  maxMessageChars: number;
  /** Reads stored documents by id (once each); missing ones are left out with a note. */
  loadFiles: (ids: string[]) => Promise<Map<string, DocumentRecord>>;
  /** A PDF's bytes, only asked for when the model reads PDFs. */
  readBytes: (file: DocumentRecord) => Promise<Uint8Array | null>;
};

/**
 * The conversation with each document part replaced by what the model reads (documentModelParts), each message's
 * documents sharing its character budget in order. Other parts (text, images) pass through unchanged.
 */
export async function withDocumentInput(messages: ChatMessage[], options: DocumentInputOptions): Promise<ChatMessage[]> {
  const ids = [...new Set(messages.flatMap((message) => message.parts.map(documentIdOf).filter((id): id is string => id !== null)))];
  if (ids.length === 0) return messages;
  const files = await options.loadFiles(ids);

  const nativePdfs = new Map<string, Uint8Array>();
  if (options.readsPdf) {
    let room = NATIVE_PDF_MAX_BYTES_PER_REQUEST;
    for (const id of [...ids].reverse()) {
      const file = files.get(id);
      if (!file || file.kind !== "pdf" || file.size > room) continue;
      const bytes = await options.readBytes(file);
      if (!bytes) continue;
      nativePdfs.set(id, bytes);
      room -= bytes.byteLength;
    }
  }

  return messages.map((message) => {
    if (!message.parts.some((part) => documentIdOf(part) !== null)) return message;
    let remainingChars = options.maxMessageChars;
    const parts = message.parts.flatMap((part): Part[] => {
      const id = documentIdOf(part);
      if (!id) return [part];
      const file = files.get(id);
      if (!file) return [{ type: "text", text: `[A document that is no longer available: ${part.type === "file" ? (part.filename ?? "file") : "file"}]` }];
      const input = documentModelParts(file, { remainingChars, maxMessageChars: options.maxMessageChars, pdfData: nativePdfs.get(id) });
      remainingChars -= input.usedChars;
      return input.parts;
    });
    return { ...message, parts };
  });
}
