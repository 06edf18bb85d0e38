import type { FilePart, TextPart } from "ai";
import type { FileRecord } from "@/lib/db/schema";
import { DOCUMENT_KINDS, type DocumentKind, documentLabel } from "./kinds";
import { formatDocumentBlock } from "./prompt-format";

/** A stored document as the model input needs it: its row, text read at upload included. */
export type DocumentRecord = Pick<FileRecord, "id" | "name" | "mediaType" | "size" | "kind" | "text" | "pageCount" | "truncated" | "storageKey">;

/**
 * PDFs a model reads natively go beside their text while they fit in this many bytes per request, newest first
 * (lib/chat/model-input.ts picks them): OpenAI takes about 32 MB of file input per request, and every page also
 * costs image tokens.
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
): { parts: (TextPart | FilePart)[]; usedChars: number } {
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
  const parts: (TextPart | FilePart)[] = [{ type: "text", text: block }];
  // The bytes as they are: the provider's client encodes them for its API (as it does an image's).
  if (options.pdfData && kind === "pdf") parts.push({ type: "file", data: options.pdfData, mediaType: "application/pdf", filename: file.name });
  return { parts, usedChars: text.length };
}
