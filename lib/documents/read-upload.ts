import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "@/lib/errors";
import { type ImageType, sniffImageType } from "@/lib/storage/sniff-type";
import { DOCX_MEDIA_TYPE, type DocumentKind, formatBytes, textTypeFor } from "./kinds";
import { MAX_INFLATED_BYTES, type RunOutcome, runExtraction } from "./run-extraction";

/** What is kept of a document at upload, with its file row: read once, so a long chat never parses it again. */
export type DocumentFields = {
  kind: DocumentKind;
  /** The text the model reads, at most the per-file bound. */
  text: string;
  /** Pages of a PDF (or of a DOCX, as Word last counted them); null when unknown. */
  pageCount: number | null;
  charCount: number;
  /** The document had more text than the bound; `text` is its start. */
  truncated: boolean;
};

export type ReadUpload = { mediaType: ImageType; document: null } | { mediaType: string; document: DocumentFields };

const ACCEPTED = "images, PDFs, Word documents (.docx), and text, Markdown, CSV, JSON or code files";

const startsWith = (bytes: Uint8Array, text: string) => [...text].every((char, index) => bytes[index] === char.charCodeAt(0));

/** The file's text when its bytes are UTF-8 without NUL bytes (what every text, Markdown, CSV, JSON and code file is). */
function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    // `fatal` refuses invalid UTF-8 instead of replacing it; the decoder drops a leading byte order mark.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/\r\n?/g, "\n");
  } catch {
    return null;
  }
}

function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = /[\uDC00-\uDFFF]/.test(text.charAt(maxChars)) ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

async function refuseType(bytes: Uint8Array, name: string, what?: string): Promise<never> {
  // file-type names what the bytes are (an ELF executable, a ZIP archive, an Excel workbook) for a useful answer.
  const detected = what ?? (await fileTypeFromBuffer(bytes).catch(() => undefined))?.mime;
  const is = detected ? `is ${detected}, which the chat cannot read` : "is not a type the chat reads (text files must be UTF-8)";
  throw new AppError("unsupported_media_type", `file: ${name} ${is}. You can attach ${ACCEPTED}.`);
}

function refuseExtraction(outcome: Extract<RunOutcome, { ok: false }>, name: string, kindName: string): never {
  switch (outcome.reason) {
    case "encrypted":
      throw new AppError("document_encrypted", `file: ${name} is protected by a password. Remove the password (print it to a new PDF, say) and attach it again.`);
    case "no_text":
      throw new AppError(
        "document_no_text",
        kindName === "PDF"
          ? `file: ${name} has no text layer: it looks scanned or made of images. Run it through OCR (or export it with text) and attach it again, or attach its pages as images.`
          : `file: ${name} has no text in it.`,
      );
    case "too_large_unpacked":
      throw new AppError("payload_too_large", `file: ${name} unpacks to more than ${formatBytes(MAX_INFLATED_BYTES)}, too much for one ${kindName}.`);
    case "timeout":
    case "too_complex":
      throw new AppError("document_unreadable", `file: ${name} is too complex to read in time. Try a smaller or simpler ${kindName}.`);
    default:
      throw new AppError("document_unreadable", `file: ${name} could not be read as a ${kindName}: it may be damaged. Open and save it again, then attach it.`);
  }
}

/**
 * Decides what an uploaded file is from its bytes alone — an image by its signature, a PDF by `%PDF-`, a DOCX by a
 * ZIP holding word/document.xml, text by being UTF-8 without NUL bytes (its extension then names the language) — and
 * reads a document's text once, bounded by `maxChars`. The name and the declared type are never trusted. Refusals
 * are AppErrors: 415 for another type, 413 for a zip bomb, 422 for a document that needs a password, has no text or
 * is damaged.
 */
export async function readUpload(bytes: Uint8Array, name: string, limits: { maxChars: number }): Promise<ReadUpload> {
  const image = sniffImageType(bytes);
  if (image) return { mediaType: image, document: null };

  if (startsWith(bytes, "%PDF-") || startsWith(bytes, "PK\u0003\u0004")) {
    const isPdf = startsWith(bytes, "%PDF-");
    const outcome = await runExtraction({ kind: isPdf ? "pdf" : "zip", bytes, maxChars: limits.maxChars });
    if (!outcome.ok) {
      if (outcome.reason === "not_docx") return refuseType(bytes, name);
      refuseExtraction(outcome, name, isPdf ? "PDF" : "Word document");
    }
    const { text, pageCount, truncated } = outcome;
    return {
      mediaType: outcome.kind === "pdf" ? "application/pdf" : DOCX_MEDIA_TYPE,
      document: { kind: outcome.kind, text, pageCount, charCount: text.length, truncated },
    };
  }

  const decoded = decodeText(bytes);
  if (decoded === null) return refuseType(bytes, name);
  if (decoded.trim() === "") throw new AppError("document_no_text", `file: ${name} has no text in it.`);
  const type = textTypeFor(name);
  const text = cut(decoded, limits.maxChars).toWellFormed();
  return {
    mediaType: type.mediaType,
    document: { kind: type.kind, text, pageCount: null, charCount: text.length, truncated: decoded.length > limits.maxChars },
  };
}
