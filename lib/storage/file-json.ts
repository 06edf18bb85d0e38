import type { FileRecord } from "@/lib/db/schema";
import type { UploadedFileJson } from "@/lib/documents/file-part";

/** The URL a message's file part points at: served by GET /api/files/<id> behind its access check. */
export function fileUrl(id: string): string {
  return `/api/files/${id}`;
}

export const FILE_URL_PATTERN = /^\/api\/files\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The file as the API describes it; a document adds its kind, pages and characters (images: kind `image`). */
export function toFileJson(file: FileRecord): UploadedFileJson {
  return {
    id: file.id,
    url: fileUrl(file.id),
    name: file.name,
    mediaType: file.mediaType,
    size: file.size,
    kind: file.kind ?? "image",
    pageCount: file.pageCount,
    charCount: file.charCount,
    truncated: file.truncated,
  };
}
