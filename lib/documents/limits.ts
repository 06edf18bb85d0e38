import "server-only";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { ClientUploadLimits } from "./client-limits";

/** Providers take images of ~10–20 MB at most; a phone photo is 2–5 MB. Documents may be larger (UPLOAD_MAX_FILE_MB). */
export const MAX_IMAGE_BYTES = 10_000_000;

export type UploadLimits = ClientUploadLimits & {
  /** Text kept from one document at upload. */
  maxDocumentChars: number;
  /** Document text one message gives the model, its documents together. */
  maxMessageDocumentChars: number;
};

export function getUploadLimits(): UploadLimits {
  const { uploads } = getConfig();
  return { ...uploads, maxImageBytes: Math.min(MAX_IMAGE_BYTES, uploads.maxFileBytes) };
}

/** What the composer needs to check a file before it uploads (the server checks again). */
export function getClientUploadLimits(): ClientUploadLimits {
  const { maxFileBytes, maxImageBytes, maxFilesPerMessage } = getUploadLimits();
  return { maxFileBytes, maxImageBytes, maxFilesPerMessage };
}

/** A message may carry UPLOAD_MAX_FILES_PER_MESSAGE files (images and documents together). */
export function checkFileCount(count: number, limits: Pick<UploadLimits, "maxFilesPerMessage"> = getUploadLimits()): void {
  if (count > limits.maxFilesPerMessage) {
    throw new AppError("bad_request", `message.parts: a message may carry at most ${limits.maxFilesPerMessage} files; this one has ${count}.`);
  }
}
