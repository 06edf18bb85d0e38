"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/chat/limits";

type FilePart = Extract<ChatMessage["parts"][number], { type: "file" }>;

export type Attachment = {
  key: string;
  name: string;
  /** A local preview while it uploads and after. */
  previewUrl: string;
  state: "uploading" | "ready" | "failed";
  part?: FilePart;
  error?: string;
};

export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
const MAX_BYTES = 10 * 1024 * 1024;

async function upload(file: File): Promise<FilePart> {
  const form = new FormData();
  form.set("file", file, file.name || "image");
  const response = await fetch("/api/files", { method: "POST", body: form });
  const body = (await response.json().catch(() => null)) as
    | { file?: { url: string; mediaType: string; name: string }; error?: { message?: string } }
    | null;
  if (!response.ok || !body?.file) throw new Error(body?.error?.message ?? "The upload failed. Try again.");
  return { type: "file", url: body.file.url, mediaType: body.file.mediaType, filename: body.file.name };
}

/**
 * Images the user is about to send: each uploads as soon as it is picked, pasted or dropped, so Send does not wait
 * for the network; a failed one stays on screen with its reason until removed.
 */
export function useAttachments() {
  const [items, setItems] = useState<Attachment[]>([]);
  const previews = useRef(new Set<string>());

  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, []);

  const update = (key: string, change: Partial<Attachment>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  // How many are held, for add() between renders (two quick pastes must not pass the limit together).
  const count = useRef(0);
  useEffect(() => {
    count.current = items.length;
  }, [items]);

  const add = useCallback((files: Iterable<File>) => {
    const room = MAX_ATTACHMENTS_PER_MESSAGE - count.current;
    const picked = [...files].slice(0, Math.max(0, room));
    count.current += picked.length;
    const added = picked.map((file): Attachment & { file: File } => {
      const previewUrl = URL.createObjectURL(file);
      previews.current.add(previewUrl);
      const problem = !ACCEPTED_IMAGE_TYPES.includes(file.type)
        ? "Only PNG, JPEG, GIF and WebP images can be attached."
        : file.size > MAX_BYTES
          ? "Images may be at most 10 MB."
          : undefined;
      const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      return { key, file, name: file.name || "image", previewUrl, state: problem ? "failed" : "uploading", error: problem };
    });
    setItems((current) => [...current, ...added.map(({ file: _file, ...item }) => item)]);
    for (const item of added) {
      if (item.state !== "uploading") continue;
      upload(item.file).then(
        (part) => update(item.key, { state: "ready", part }),
        (error: unknown) => update(item.key, { state: "failed", error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }, []);

  const remove = useCallback((key: string) => setItems((current) => current.filter((item) => item.key !== key)), []);
  const clear = useCallback(() => setItems([]), []);

  return {
    items,
    add,
    remove,
    clear,
    isUploading: items.some((item) => item.state === "uploading"),
    ready: items.flatMap((item) => (item.state === "ready" && item.part ? [item.part] : [])),
    isFull: items.length >= MAX_ATTACHMENTS_PER_MESSAGE,
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
