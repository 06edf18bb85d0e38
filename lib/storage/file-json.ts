import type { FileRecord } from "@/lib/db/schema";

/** The URL a message's file part points at: served by GET /api/files/<id> behind its access check. */
export function fileUrl(id: string): string {
  return `/api/files/${id}`;
}

export const FILE_URL_PATTERN = /^\/api\/files\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function toFileJson(file: FileRecord) {
  return { id: file.id, url: fileUrl(file.id), name: file.name, mediaType: file.mediaType, size: file.size };
}
