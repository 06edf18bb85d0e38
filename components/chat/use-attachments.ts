"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { FilePart } from "@/lib/chat/types";
import type { ClientUploadLimits } from "@/lib/documents/client-limits";
import { toMessageFilePart, type UploadedFileJson } from "@/lib/documents/file-part";
import { formatBytes } from "@/lib/documents/kinds";
import { type UploadHandle, uploadFile } from "./upload-file";

export type Attachment = {
  key: string;
  name: string;
  size: number;
  /** Shown as a thumbnail: the browser says it is an image (the server decides from the bytes). */
  isImage: boolean;
  /** A local preview of an image while it uploads and after. */
  previewUrl: string | null;
  /** uploading: bytes going out (progress 0–1); reading: all sent, the server reads the file. */
  state: "uploading" | "reading" | "ready" | "failed";
  progress: number;
  file?: UploadedFileJson;
  part?: FilePart;
  error?: string;
};

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/**
 * Files the user is about to send: each uploads as soon as it is picked, pasted or dropped (so Send does not wait
 * for the network), with its progress and a Cancel; a refused one stays on screen with the server's reason until
 * removed.
 */
export function useAttachments(limits: ClientUploadLimits) {
  const [items, setItems] = useState<Attachment[]>([]);
  const previews = useRef(new Set<string>());
  const uploads = useRef(new Map<string, UploadHandle>());

  useEffect(() => {
    const urls = previews.current;
    const running = uploads.current;
    return () => {
      urls.forEach((url) => URL.revokeObjectURL(url));
      running.forEach((upload) => upload.cancel());
    };
  }, []);

  const update = (key: string, change: Partial<Attachment>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  // How many are held, for add() between renders (two quick pastes must not pass the limit together).
  const count = useRef(0);
  useEffect(() => {
    count.current = items.length;
  }, [items]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const room = limits.maxFilesPerMessage - count.current;
      const picked = [...files].slice(0, Math.max(0, room));
      count.current += picked.length;
      const added = picked.map((file): Attachment & { source: File } => {
        const isImage = IMAGE_TYPES.includes(file.type);
        const previewUrl = isImage ? URL.createObjectURL(file) : null;
        if (previewUrl) previews.current.add(previewUrl);
        const bound = isImage ? limits.maxImageBytes : limits.maxFileBytes;
        const problem =
          file.size === 0
            ? `${file.name || "The file"} is empty.`
            : file.size > bound
              ? `${file.name || "The file"} is larger than ${formatBytes(bound)}, the most ${isImage ? "an image" : "a file"} may be.`
              : undefined;
        const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
        return { key, source: file, name: file.name || "file", size: file.size, isImage, previewUrl, state: problem ? "failed" : "uploading", progress: 0, error: problem };
      });
      setItems((current) => [...current, ...added.map(({ source: _source, ...item }) => item)]);
      for (const item of added) {
        if (item.state !== "uploading") continue;
        const upload = uploadFile(item.source, (progress) => update(item.key, progress >= 1 ? { progress: 1, state: "reading" } : { progress }));
        uploads.current.set(item.key, upload);
        upload.done.then(
          // The server decides what the file is: a PNG named .pdf is an image, a .txt it could not read is refused.
          (stored) =>
            update(item.key, {
              state: "ready",
              progress: 1,
              file: stored,
              part: toMessageFilePart(stored),
              isImage: stored.kind === "image",
              previewUrl: item.previewUrl ?? (stored.kind === "image" ? stored.url : null),
            }),
          (error: unknown) => {
            // A cancelled upload has already been removed from the list.
            if (error instanceof Error && error.name === "AbortError") return;
            update(item.key, { state: "failed", error: error instanceof Error ? error.message : String(error) });
          },
        ).finally(() => uploads.current.delete(item.key));
      }
    },
    [limits.maxFilesPerMessage, limits.maxFileBytes, limits.maxImageBytes],
  );

  /** Cancels the upload if it is still going (nothing reaches the server's store) and takes the file off the list. */
  const remove = useCallback((key: string) => {
    uploads.current.get(key)?.cancel();
    setItems((current) => current.filter((item) => item.key !== key));
  }, []);
  const clear = useCallback(() => setItems([]), []);

  return {
    items,
    add,
    remove,
    clear,
    isUploading: items.some((item) => item.state === "uploading" || item.state === "reading"),
    ready: items.flatMap((item) => (item.state === "ready" && item.part ? [item.part] : [])),
    isFull: items.length >= limits.maxFilesPerMessage,
    maxFiles: limits.maxFilesPerMessage,
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
