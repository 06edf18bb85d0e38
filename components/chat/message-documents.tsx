import type { ChatMessage } from "@/lib/chat/types";
import { isDocumentPart } from "@/lib/documents/file-part";
import { type DocumentPartInfo, documentInfoOf, documentLabel, formatBytes } from "@/lib/documents/kinds";
import { DocumentCard } from "./document-card";

/** "PDF · 3 pages · 120 KB" */
function describe(name: string, info: DocumentPartInfo): string {
  const pages = info.pageCount !== null ? [`${info.pageCount} ${info.pageCount === 1 ? "page" : "pages"}`] : [];
  return [documentLabel(info.kind, name), ...pages, formatBytes(info.size)].join(" · ");
}

/** The documents a user sent with a message, above its text; each downloads the file (for whoever may read it). */
export function MessageDocuments({ message }: { message: ChatMessage }) {
  const documents = message.parts.filter(isDocumentPart);
  if (documents.length === 0) return null;
  return (
    <ul aria-label="Attached documents" className="flex max-w-[85%] flex-wrap justify-end gap-2 sm:max-w-[75%]">
      {documents.map((part) => {
        const info = documentInfoOf(part);
        const name = part.filename ?? "document";
        if (!info) return null;
        const meta = describe(name, info);
        return (
          <li key={part.url} className="max-w-full">
            <a
              href={part.url}
              download={name}
              aria-label={`${name}, ${meta.replaceAll(" · ", ", ")}`}
              className="block max-w-full rounded-2xl hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500"
            >
              <DocumentCard name={name} kind={info.kind} meta={meta} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
