import type { ChatMessage, FilePart } from "@/lib/chat/types";
import { type AttachmentKind, type DocumentPartInfo, documentInfoOf } from "./kinds";

/** An uploaded file as the API describes it (POST /api/files answers with it). */
export type UploadedFileJson = {
  id: string;
  url: string;
  name: string;
  mediaType: string;
  size: number;
  kind: AttachmentKind;
  pageCount: number | null;
  charCount: number | null;
  truncated: boolean;
};

/**
 * The message part for an uploaded file. A document's part carries what its chip shows (kind, size, pages,
 * characters) under providerMetadata.chatbot: it is saved with the message, so the chip reads the same after a
 * reload, on a shared page and in an export. The model never sees this part as is (lib/documents/model-input.ts).
 */
export function toMessageFilePart(file: UploadedFileJson): FilePart {
  const part: FilePart = { type: "file", url: file.url, mediaType: file.mediaType, filename: file.name };
  if (file.kind === "image") return part;
  const chatbot: DocumentPartInfo = {
    kind: file.kind,
    size: file.size,
    pageCount: file.pageCount,
    charCount: file.charCount ?? 0,
    truncated: file.truncated,
  };
  return { ...part, providerMetadata: { chatbot } };
}

export function isDocumentPart(part: ChatMessage["parts"][number]): part is FilePart {
  return part.type === "file" && documentInfoOf(part) !== null;
}
