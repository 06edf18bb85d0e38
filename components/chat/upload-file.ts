import type { UploadedFileJson } from "@/lib/documents/file-part";

export type UploadHandle = {
  /** Settles with the stored file, or rejects with the server's reason (an AbortError when cancelled). */
  done: Promise<UploadedFileJson>;
  cancel: () => void;
};

export class UploadCancelledError extends Error {
  constructor() {
    super("The upload was cancelled.");
    this.name = "AbortError";
  }
}

/**
 * Uploads one file to POST /api/files with XMLHttpRequest, whose upload events report real progress as the bytes
 * leave the browser (fetch has no upload progress in most browsers). `onProgress` gets 0–1; after the last byte the
 * server still reads the file (a PDF's text), which the caller shows as "Reading…".
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
  const request = new XMLHttpRequest();
  const done = new Promise<UploadedFileJson>((resolve, reject) => {
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.upload.addEventListener("load", () => onProgress(1));
    request.addEventListener("load", () => {
      const body = (() => {
        try {
          return JSON.parse(request.responseText) as { file?: UploadedFileJson; error?: { message?: string } };
        } catch {
          return null;
        }
      })();
      if (request.status === 201 && body?.file) resolve(body.file);
      else reject(new Error(uploadErrorMessage(body?.error?.message, request.status)));
    });
    request.addEventListener("error", () => reject(new Error("The upload failed: no connection to the server. Try again.")));
    request.addEventListener("abort", () => reject(new UploadCancelledError()));
  });
  const form = new FormData();
  form.set("file", file, file.name || "file");
  request.open("POST", "/api/files");
  request.send(form);
  return { done, cancel: () => request.abort() };
}

/** The server's message without the "file: " field prefix the API uses, or one for the status. */
function uploadErrorMessage(message: string | undefined, status: number): string {
  if (message) return message.replace(/^file: /, "");
  if (status === 413) return "The file is too large.";
  if (status === 429) return "Too many uploads for now. Wait a while and try again.";
  return "The upload failed. Try again.";
}
