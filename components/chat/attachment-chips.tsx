"use client";

import { documentLabel, formatBytes } from "@/lib/documents/kinds";
import { DocumentCard, guessDocumentKind } from "./document-card";
import { CloseIcon } from "./icons";
import type { Attachment, Attachments } from "./use-attachments";

function UploadProgress({ item, className }: { item: Attachment; className?: string }) {
  const percent = Math.round(item.progress * 100);
  const isReading = item.state === "reading";
  return (
    <span
      role="progressbar"
      aria-label={`Uploading ${item.name}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={isReading ? undefined : percent}
      aria-valuetext={isReading ? "Reading the file" : `${percent}%`}
      className={`block h-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700 ${className ?? ""}`}
    >
      <span
        className={`block h-full rounded-full bg-blue-600 transition-[width] duration-200 dark:bg-blue-400 ${isReading ? "animate-pulse" : ""}`}
        style={{ width: `${isReading ? 100 : Math.max(3, percent)}%` }}
      />
    </span>
  );
}

function metaOf(item: Attachment): string {
  if (item.state === "uploading") return `Uploading… ${Math.round(item.progress * 100)}% of ${formatBytes(item.size)}`;
  if (item.state === "reading") return "Reading…";
  const file = item.file;
  if (item.state === "failed" || !file || file.kind === "image") return formatBytes(item.size);
  const pages = file.pageCount !== null ? [`${file.pageCount} ${file.pageCount === 1 ? "page" : "pages"}`] : [];
  return [documentLabel(file.kind, file.name), ...pages, formatBytes(file.size)].join(" · ");
}

const cornerButtonClass =
  "grid size-5 place-items-center rounded-full bg-zinc-900/80 text-white hover:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:bg-zinc-100/85 dark:text-zinc-900 dark:hover:bg-zinc-100";

/** The files waiting to be sent: an image's thumbnail or a document's card, with its progress, Cancel or Remove. */
export function AttachmentChips({ attachments }: { attachments: Attachments }) {
  if (attachments.items.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2 px-2 pt-1 pb-2">
      {attachments.items.map((item) => {
        const isBusy = item.state === "uploading" || item.state === "reading";
        const button = (
          <button
            type="button"
            onClick={() => attachments.remove(item.key)}
            aria-label={isBusy ? `Cancel upload of ${item.name}` : `Remove ${item.name}`}
            title={isBusy ? "Cancel upload" : "Remove"}
            className={`absolute top-1 right-1 ${cornerButtonClass}`}
          >
            <CloseIcon className="size-3" />
          </button>
        );
        const showsThumbnail = item.isImage && item.previewUrl;
        return (
          <li key={item.key} className="flex max-w-full flex-col gap-1">
            {showsThumbnail ? (
              <div
                className={`relative size-14 shrink-0 overflow-hidden rounded-xl border ${item.state === "failed" ? "border-red-400 dark:border-red-700" : "border-zinc-200 dark:border-zinc-700"}`}
              >
                {/* A local object URL of the picked file: the optimiser cannot fetch it. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={item.previewUrl ?? undefined} alt={item.name} className="size-full object-cover" />
                {isBusy ? <UploadProgress item={item} className="absolute inset-x-1.5 bottom-1.5" /> : null}
                {button}
              </div>
            ) : (
              <div className="relative max-w-full">
                <DocumentCard
                  name={item.name}
                  kind={item.state === "failed" ? null : item.file && item.file.kind !== "image" ? item.file.kind : guessDocumentKind(item.name)}
                  meta={metaOf(item)}
                  footer={isBusy ? <UploadProgress item={item} className="mt-1" /> : null}
                  isFailed={item.state === "failed"}
                  hasCornerButton
                />
                {button}
              </div>
            )}
            {item.state === "failed" ? (
              <p role="alert" className="max-w-64 text-xs text-red-700 dark:text-red-300">
                {item.error}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
