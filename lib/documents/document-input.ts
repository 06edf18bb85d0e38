import "server-only";
import type { Store } from "@/lib/db/store";
import type { FileStorage } from "@/lib/storage/file-storage";
import { getUploadLimits } from "./limits";
import type { DocumentInputOptions, DocumentRecord } from "./model-input";

/** withDocumentInput's options over the store and file storage, with this server's per-message bound. */
export function documentInputOptions(store: Store, storage: FileStorage | null, input: { readsPdf: boolean }): DocumentInputOptions {
  return {
    readsPdf: input.readsPdf && storage !== null,
    maxMessageChars: getUploadLimits().maxMessageDocumentChars,
    loadFiles: async (ids) => {
      const rows = await Promise.all(ids.map((id) => store.getFileById({ id })));
      return new Map(rows.flatMap((row): [string, DocumentRecord][] => (row ? [[row.id, row]] : [])));
    },
    readBytes: async (file) => (storage ? storage.read(file.storageKey) : null),
  };
}
