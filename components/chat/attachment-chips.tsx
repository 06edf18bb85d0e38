"use client";

import type { Attachments } from "./use-attachments";
import { CloseIcon } from "./icons";

/** The images waiting to be sent: a thumbnail each, with its upload state and a Remove button. */
export function AttachmentChips({ attachments }: { attachments: Attachments }) {
  if (attachments.items.length === 0) return null;
  return (
    <ul aria-label="Attached images" className="flex flex-wrap gap-2 px-2 pt-1 pb-2">
      {attachments.items.map((item) => (
        <li key={item.key} className="flex max-w-full items-center gap-2">
          <div
            className={`relative size-14 shrink-0 overflow-hidden rounded-xl border ${item.state === "failed" ? "border-red-400 dark:border-red-700" : "border-zinc-200 dark:border-zinc-700"}`}
          >
            {/* A local object URL of the picked file: the optimiser cannot fetch it. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={item.previewUrl} alt={item.name} className="size-full object-cover" />
            {item.state === "uploading" ? (
              <span role="status" aria-label={`Uploading ${item.name}`} className="absolute inset-0 grid place-items-center bg-white/60 dark:bg-black/50">
                <span className="size-5 animate-spin rounded-full border-2 border-zinc-400 border-t-transparent" />
              </span>
            ) : null}
            <button
              type="button"
              onClick={() => attachments.remove(item.key)}
              aria-label={`Remove ${item.name}`}
              className="absolute top-0.5 right-0.5 grid size-5 place-items-center rounded-full bg-zinc-900/80 text-white hover:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500"
            >
              <CloseIcon className="size-3" />
            </button>
          </div>
          {item.state === "failed" ? (
            <p role="alert" className="max-w-48 text-xs text-red-700 dark:text-red-300">
              {item.error}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
