/**
 * Reads the text out of one PDF or DOCX, in a worker thread of its own (see run-extraction.ts): a hostile or huge
 * file can exhaust this thread's heap or time, never the server's. Self-contained (Node runs it from source in tests,
 * with type stripping; the Next build bundles it as its own entry), so it imports packages only.
 */
import { parentPort, workerData } from "node:worker_threads";
import { inflateRawSync } from "node:zlib";

export type ExtractionJob = {
  kind: "pdf" | "zip";
  bytes: Uint8Array;
  /** Text beyond this many characters is not kept; a PDF stops being read there. */
  maxChars: number;
  /** A ZIP whose entries inflate to more than this is refused before any parser sees it (a zip bomb). */
  maxInflatedBytes: number;
};

export type ExtractionFailure = "encrypted" | "no_text" | "corrupt" | "not_docx" | "too_large_unpacked";

export type ExtractionOutcome =
  | { ok: true; kind: "pdf" | "docx"; text: string; pageCount: number | null; truncated: boolean }
  | { ok: false; reason: ExtractionFailure };

// No parameter properties or enums here: Node strips this file's types when it runs from source.
class Refusal extends Error {
  reason: ExtractionFailure;
  constructor(reason: ExtractionFailure) {
    super(reason);
    this.reason = reason;
  }
}

/** Spaces collapsed, at most one blank line in a row, no NUL characters or lone surrogates (they never reach the store). */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\u0000/g, "")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .toWellFormed();
}

/** The first maxChars characters, never cutting a surrogate pair in half. */
function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = /[\uDC00-\uDFFF]/.test(text.charAt(maxChars)) ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

type PdfTextItem = { str?: string; hasEOL?: boolean };

async function extractPdf(bytes: Uint8Array, maxChars: number): Promise<ExtractionOutcome> {
  // pdf.js inflates streams with DecompressionStream when there is one: native zlib on libuv's thread pool, which
  // keeps going (and keeps its memory) after this worker is stopped. Without it pdf.js inflates in this thread,
  // where stopping the worker stops the work and frees what it took.
  Reflect.deleteProperty(globalThis, "DecompressionStream");
  const { getDocumentProxy } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes, { verbosity: 0 });
  } catch (error) {
    // pdf.js names its errors: PasswordException when the file needs a password to open.
    throw new Refusal((error as Error | undefined)?.name === "PasswordException" ? "encrypted" : "corrupt");
  }
  try {
    const pages: string[] = [];
    let chars = 0;
    let hasText = false;
    let truncated = false;
    for (let number = 1; number <= pdf.numPages; number++) {
      if (chars >= maxChars) {
        truncated = true;
        break;
      }
      const content = await (await pdf.getPage(number)).getTextContent();
      const text = tidy((content.items as PdfTextItem[]).map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join(""));
      hasText ||= text.length > 0;
      // Page markers let the model cite pages; a one-page file needs none.
      const page = pdf.numPages > 1 ? `[Page ${number}]\n${text}` : text;
      pages.push(page);
      chars += page.length + 2;
    }
    if (!hasText) throw new Refusal("no_text");
    const text = pages.join("\n\n");
    return { ok: true, kind: "pdf", text: cut(text, maxChars), pageCount: pdf.numPages, truncated: truncated || text.length > maxChars };
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal("corrupt");
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

type ZipContents = { names: string[]; kept: Map<string, Uint8Array> };

/**
 * Inflates every entry of a ZIP against one budget, keeping only the entries named in `keep`: the sizes the
 * directory declares are not trusted (a zip bomb lies about them), the inflated bytes are counted. Store and deflate
 * only, as Office writes; no ZIP64 (a DOCX is never 4 GB).
 */
function readZip(bytes: Uint8Array, maxInflatedBytes: number, keep: ReadonlySet<string>): ZipContents {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Refusal("corrupt");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff || count > 20_000) throw new Refusal("corrupt");
  const contents: ZipContents = { names: [], kept: new Map() };
  let budget = maxInflatedBytes;
  const names = new TextDecoder();
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new Refusal("corrupt");
    const method = view.getUint16(at + 10, true);
    const packedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const localAt = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (localAt + 30 > bytes.length || view.getUint32(localAt, true) !== 0x04034b50) throw new Refusal("corrupt");
    const dataAt = localAt + 30 + view.getUint16(localAt + 26, true) + view.getUint16(localAt + 28, true);
    const packed = bytes.subarray(dataAt, dataAt + packedSize);
    if (packed.length !== packedSize) throw new Refusal("corrupt");
    let data: Uint8Array;
    if (method === 0) {
      data = packed;
    } else if (method === 8) {
      try {
        data = inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        throw new Refusal((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "too_large_unpacked" : "corrupt");
      }
    } else {
      throw new Refusal("corrupt");
    }
    budget -= data.length;
    if (budget < 0) throw new Refusal("too_large_unpacked");
    contents.names.push(name);
    if (keep.has(name)) contents.kept.set(name, data);
  }
  return contents;
}

async function extractDocx(bytes: Uint8Array, maxChars: number, maxInflatedBytes: number): Promise<ExtractionOutcome> {
  const zip = readZip(bytes, maxInflatedBytes, new Set(["docProps/app.xml"]));
  if (!zip.names.includes("word/document.xml")) throw new Refusal("not_docx");
  const mammoth = (await import("mammoth")).default;
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch {
    throw new Refusal("corrupt");
  }
  const text = tidy(raw);
  if (!text) throw new Refusal("no_text");
  // Word records the page count of the last layout in docProps/app.xml; the text alone has no pages.
  const app = zip.kept.get("docProps/app.xml");
  const pages = app ? /<Pages>(\d+)<\/Pages>/.exec(new TextDecoder().decode(app))?.[1] : undefined;
  return { ok: true, kind: "docx", text: cut(text, maxChars), pageCount: pages ? Number(pages) : null, truncated: text.length > maxChars };
}

export async function extract(job: ExtractionJob): Promise<ExtractionOutcome> {
  try {
    return job.kind === "pdf" ? await extractPdf(job.bytes, job.maxChars) : await extractDocx(job.bytes, job.maxChars, job.maxInflatedBytes);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason };
    return { ok: false, reason: "corrupt" };
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  void extract(workerData as ExtractionJob).then((outcome) => port.postMessage(outcome));
}
