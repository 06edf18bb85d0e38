import type { FileRecord } from "@/lib/db/schema";

/**
 * How GET /api/files/<id> hands a file out: images inline (they show in the chat); documents as downloads, text of
 * any kind as text/plain, so an uploaded HTML or SVG file is never rendered by the browser as a page of this site.
 */
export function servedAs(file: Pick<FileRecord, "kind" | "mediaType">): { contentType: string; disposition: "inline" | "attachment" } {
  const kind = file.kind ?? "image";
  if (kind === "image") return { contentType: file.mediaType, disposition: "inline" };
  if (kind === "pdf" || kind === "docx") return { contentType: file.mediaType, disposition: "attachment" };
  return { contentType: "text/plain; charset=utf-8", disposition: "attachment" };
}
