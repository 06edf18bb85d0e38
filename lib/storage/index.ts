import "server-only";
import { getConfig, isServerlessPlatform } from "@/lib/config";
import { createBlobStorage } from "./blob-storage";
import type { FileStorage } from "./file-storage";
import { createLocalStorage } from "./local-storage";

let storage: FileStorage | null | undefined;

/**
 * The configured file storage, or null when uploads cannot be kept: on a serverless platform without Blob, the
 * local disk does not outlive the function, so accepting a file there would lose it.
 */
export function getFileStorage(): FileStorage | null {
  if (storage !== undefined) return storage;
  const config = getConfig();
  if (config.storage.blobToken) storage = createBlobStorage(config.storage.blobToken);
  else if (isServerlessPlatform()) storage = null;
  else storage = createLocalStorage(config.storage.uploadDir);
  return storage;
}
