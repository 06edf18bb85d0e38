import "server-only";
import { type Config, getConfig, isServerlessPlatform } from "@/lib/config";
import { createBlobStorage } from "./blob-storage";
import type { FileStorage } from "./file-storage";
import { createLocalStorage } from "./local-storage";

/**
 * The file storage the settings ask for, or null when uploads cannot be kept: on a serverless platform without Blob,
 * the local disk does not outlive the function, so accepting a file there would lose it.
 */
export function createFileStorage(settings: Config["storage"], serverless: boolean): FileStorage | null {
  if (settings.blobToken) return createBlobStorage(settings.blobToken);
  return serverless ? null : createLocalStorage(settings.uploadDir);
}

let storage: FileStorage | null | undefined;

export function getFileStorage(): FileStorage | null {
  storage ??= createFileStorage(getConfig().storage, isServerlessPlatform());
  return storage;
}
