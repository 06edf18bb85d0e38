import type { ReactNode } from "react";
import { type DocumentKind, textTypeFor } from "@/lib/documents/kinds";

/** The badge on a document's icon, and its colour: what a file manager would show. */
const BADGES: Record<DocumentKind, { text: string; className: string }> = {
  pdf: { text: "PDF", className: "bg-red-600 text-white" },
  docx: { text: "DOC", className: "bg-blue-600 text-white" },
  csv: { text: "CSV", className: "bg-emerald-600 text-white" },
  json: { text: "{ }", className: "bg-amber-500 text-zinc-950" },
  code: { text: "</>", className: "bg-violet-600 text-white" },
  markdown: { text: "MD", className: "bg-slate-600 text-white" },
  text: { text: "TXT", className: "bg-zinc-500 text-white" },
};

/** What a file probably is from its name, for the icon while it uploads; the server's answer replaces it. */
export function guessDocumentKind(name: string): DocumentKind {
  const lower = name.toLowerCase();
  if (lower.endsWith(".pdf")) return "pdf";
  if (lower.endsWith(".docx")) return "docx";
  return textTypeFor(name).kind;
}

/** A file of unknown type (one the server refused): no badge that would claim what it is. */
const UNKNOWN_BADGE = { text: "FILE", className: "bg-zinc-400 text-white dark:bg-zinc-600" };

export function DocumentIcon({ kind }: { kind: DocumentKind | null }) {
  const badge = kind ? BADGES[kind] : UNKNOWN_BADGE;
  return (
    <span aria-hidden="true" className="relative grid size-10 shrink-0 place-items-center">
      <svg viewBox="0 0 32 40" className="h-10 w-8 text-zinc-300 dark:text-zinc-600">
        <path d="M4 1.5h16l8.5 8.5v26a2.5 2.5 0 0 1-2.5 2.5H4A2.5 2.5 0 0 1 1.5 36V4A2.5 2.5 0 0 1 4 1.5z" fill="currentColor" opacity="0.35" />
        <path d="M4 1.5h16l8.5 8.5v26a2.5 2.5 0 0 1-2.5 2.5H4A2.5 2.5 0 0 1 1.5 36V4A2.5 2.5 0 0 1 4 1.5z" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M20 1.5V8a2 2 0 0 0 2 2h6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className={`absolute bottom-1 left-1/2 -translate-x-1/2 rounded px-1 py-px font-mono text-[9px] leading-3 font-semibold ${badge.className}`}>
        {badge.text}
      </span>
    </span>
  );
}

export type DocumentCardProps = {
  name: string;
  /** null: not known (yet), or refused. */
  kind: DocumentKind | null;
  /** "PDF · 3 pages · 120 KB", or the upload's state. */
  meta: ReactNode;
  /** Under the meta line: the progress bar while uploading. */
  footer?: ReactNode;
  isFailed?: boolean;
  /** Leaves room at the top right for a Cancel or Remove button laid over the card. */
  hasCornerButton?: boolean;
};

/** A document as a chip: its type icon, its name (cut with an ellipsis, in full on hover) and a line about it. */
export function DocumentCard({ name, kind, meta, footer, isFailed = false, hasCornerButton = false }: DocumentCardProps) {
  return (
    <span
      className={`flex w-64 max-w-full min-w-0 items-center gap-2.5 rounded-2xl border bg-white py-2 pl-2 text-left ${hasCornerButton ? "pr-8" : "pr-3"} dark:bg-zinc-900 ${isFailed ? "border-red-400 dark:border-red-700" : "border-zinc-200 dark:border-zinc-700"}`}
    >
      <DocumentIcon kind={kind} />
      <span className="flex min-w-0 flex-1 flex-col gap-0.5">
        <span title={name} className="truncate text-sm leading-5 font-medium text-zinc-900 dark:text-zinc-100">
          {name}
        </span>
        <span className="truncate text-xs leading-4 text-zinc-500 dark:text-zinc-400">{meta}</span>
        {footer}
      </span>
    </span>
  );
}
