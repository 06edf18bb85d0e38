import { z } from "zod";
import type { MessagePart } from "@/lib/db/schema";
import { identifierSchema, userTextSchema } from "@/lib/http/user-text";
import { FILE_URL_PATTERN } from "@/lib/storage/file-json";
import { documentInfoOf, documentLabel, formatBytes } from "./kinds";

/**
 * A file part of an exported message (GET /api/chat/<id>/export?format=json), as an import accepts it. Only the url
 * and the name are used: restoreImportedFiles rebuilds each part from the restored copy's row (its type and document
 * metadata too), or makes it a note naming the file; the exported providerMetadata is dropped here.
 */
export const importedFilePartSchema = z.object({
  type: z.literal("file"),
  url: z.string().regex(FILE_URL_PATTERN, { error: "must be the url of an uploaded file (/api/files/<id>)" }),
  mediaType: identifierSchema(200),
  filename: userTextSchema().max(255).optional(),
});

type FilePartLike = { type: "file"; filename?: string; mediaType: string; providerMetadata?: unknown };

const isFilePart = (part: MessagePart): part is Extract<MessagePart, { type: "file" }> => part.type === "file";

/** "report.pdf (PDF, 3 pages, 120 KB)", "cat.png (image)": how an export names an attachment. */
export function describeAttachment(part: FilePartLike): string {
  const name = part.filename ?? "file";
  const info = documentInfoOf(part);
  if (!info) return `${name} (${part.mediaType.startsWith("image/") ? "image" : part.mediaType})`;
  const facts = [documentLabel(info.kind, name), ...(info.pageCount !== null ? [`${info.pageCount} ${info.pageCount === 1 ? "page" : "pages"}`] : []), formatBytes(info.size)];
  return `${name} (${facts.join(", ")})`;
}

/** The Markdown export's line naming a user message's attachments, or nothing when it has none. */
export function attachmentLines(parts: readonly MessagePart[]): string[] {
  const files = parts.filter(isFilePart);
  if (files.length === 0) return [];
  const names = files.map((part) => describeAttachment(part).replace(/[*_`[\]\\]/g, "\\$&"));
  return [`*Attached: ${names.join(", ")}*`, ""];
}
