import type { ChatMessage } from "@/lib/chat/types";
import { fileIdOf } from "@/lib/chat/attachments";
import type { FileRecord } from "@/lib/db/schema";
import { isDocumentRecord } from "./model-input";

/** Enough of a document to name the chat it opens. */
const DOCUMENT_TITLE_SOURCE_CHARS = 1_000;

/**
 * What a new chat's title is written from: the first message's own words; for a message of documents alone, their
 * names and the start of the first one's text (its name alone would title every such chat "report.pdf"). A message
 * of images alone has no source (the provisional title, from the file name, stays).
 */
export function titleSourceOf(parts: ChatMessage["parts"], files: ReadonlyMap<string, FileRecord>): string {
  const words = parts.map((part) => (part.type === "text" ? part.text : "")).join("");
  if (words.trim()) return words;
  const documents = parts.flatMap((part) => {
    const file = files.get(fileIdOf(part) ?? "");
    return file && isDocumentRecord(file) ? [file] : [];
  });
  const [first] = documents;
  if (!first) return words;
  return [documents.map((document) => document.name).join(", "), (first.text ?? "").slice(0, DOCUMENT_TITLE_SOURCE_CHARS)].join("\n\n");
}
