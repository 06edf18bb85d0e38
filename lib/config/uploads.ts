import path from "node:path";

import { z } from "zod";

import { dataDirEnvSchema, dataDirOf } from "./data-dir";
import { intInRange, optionalString } from "./fields";
import { UPLOAD_MAX_FILE_MB } from "./next-build";

export const uploadsEnvSchema = z.object({
  BLOB_READ_WRITE_TOKEN: optionalString,
  UPLOAD_DIR: optionalString,
  /** Largest file a user may attach, in MB of 1,000,000 bytes (images are held to 10 MB at most: what providers take). */
  UPLOAD_MAX_FILE_MB: intInRange(UPLOAD_MAX_FILE_MB.min, UPLOAD_MAX_FILE_MB.max, UPLOAD_MAX_FILE_MB.fallback),
  /** Files (images and documents) one message may carry. */
  UPLOAD_MAX_FILES_PER_MESSAGE: intInRange(1, 100, 10),
  /** Text kept from one document (extracted once at upload); the rest is cut off with a note to the model. */
  DOCUMENT_MAX_CHARS_PER_FILE: intInRange(1_000, 10_000_000, 100_000),
  /** Document text one message may give the model, all its documents together. */
  DOCUMENT_MAX_CHARS_PER_MESSAGE: intInRange(1_000, 50_000_000, 200_000),
});

export type UploadSettings = Readonly<{
  storage: Readonly<{ blobToken: string | null; uploadDir: string }>;
  /** Bounds on attachments: bytes per file, files per message, document text per file and per message. */
  uploads: Readonly<{ maxFileBytes: number; maxFilesPerMessage: number; maxDocumentChars: number; maxMessageDocumentChars: number }>;
}>;

export function parseUploads(e: z.infer<typeof uploadsEnvSchema> & z.infer<typeof dataDirEnvSchema>): UploadSettings {
  return {
    storage: {
      blobToken: e.BLOB_READ_WRITE_TOKEN ?? null,
      uploadDir: path.resolve(/*turbopackIgnore: true*/ e.UPLOAD_DIR ?? path.join(dataDirOf(e), "uploads")),
    },
    uploads: {
      maxFileBytes: e.UPLOAD_MAX_FILE_MB * 1_000_000,
      maxFilesPerMessage: e.UPLOAD_MAX_FILES_PER_MESSAGE,
      maxDocumentChars: e.DOCUMENT_MAX_CHARS_PER_FILE,
      maxMessageDocumentChars: e.DOCUMENT_MAX_CHARS_PER_MESSAGE,
    },
  };
}

export { maxProxyBodyBytes } from "./next-build";
