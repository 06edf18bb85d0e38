import { createDeflate } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readUpload } from "@/lib/documents/read-upload";
import { makePdf } from "../support/pdf-writer";
import { makeDocx, makeZip } from "../support/zip-writer";

// readUpload runs PDF and DOCX extraction in a real worker thread (lib/documents/extract-worker.ts, from source).
const read = (bytes: Buffer | string, name: string, maxChars = 100_000) =>
  readUpload(new Uint8Array(typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes), name, { maxChars });

async function refusal(bytes: Buffer | string, name: string): Promise<{ code: string; status: number; message: string }> {
  try {
    await read(bytes, name);
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error(`${name} was accepted`);
}

const REPORT_PDF = makePdf({ pages: [{ lines: ["Still reads"] }] });
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 1)]);

describe("readUpload: what a file is comes from its bytes", () => {
  it("reads a PDF's text page by page, with its page count", async () => {
    const pdf = makePdf({ pages: [{ lines: ["Quarterly revenue grew 12%", "(in euros)"] }, { lines: ["Outlook: steady"] }] });
    const { mediaType, document } = await read(pdf, "report.pdf");
    expect(mediaType).toBe("application/pdf");
    expect(document).toMatchObject({ kind: "pdf", pageCount: 2, truncated: false });
    expect(document?.text).toBe("[Page 1]\nQuarterly revenue grew 12%\n(in euros)\n\n[Page 2]\nOutlook: steady");
    expect(document?.charCount).toBe(document?.text.length);
  });

  it("reads a Word document's paragraphs, and the page count Word recorded", async () => {
    const docx = makeDocx(["Minutes of the meeting", "Decisions: ship <it> & test"], [
      { name: "docProps/app.xml", data: "<Properties><Pages>4</Pages></Properties>" },
    ]);
    const { mediaType, document } = await read(docx, "minutes.docx");
    expect(mediaType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(document).toMatchObject({ kind: "docx", pageCount: 4, text: "Minutes of the meeting\n\nDecisions: ship <it> & test" });
  });

  it.each([
    { name: "data.csv", text: "name,qty\nbolt,4\n", kind: "csv", mediaType: "text/csv" },
    { name: "config.json", text: '{ "a": [1, 2] }\n', kind: "json", mediaType: "application/json" },
    { name: "main.py", text: "def main():\n    return 42\n", kind: "code", mediaType: "text/x-python" },
    { name: "App.tsx", text: "export const App = () => <div />;\n", kind: "code", mediaType: "text/x-typescript" },
    { name: "Dockerfile", text: "FROM node:22\n", kind: "code", mediaType: "text/x-dockerfile" },
    { name: "README.md", text: "# Title\n\nSome *text*.\n", kind: "markdown", mediaType: "text/markdown" },
    { name: "notes.txt", text: "Grüße — 你好 👋\r\nline two\n", kind: "text", mediaType: "text/plain" },
    { name: "no-extension", text: "plain words\n", kind: "text", mediaType: "text/plain" },
  ])("takes UTF-8 text as $kind by its name ($name), keeping indentation", async ({ name, text, kind, mediaType }) => {
    const result = await read(text, name);
    expect(result.mediaType).toBe(mediaType);
    expect(result.document).toMatchObject({ kind, text: text.replace(/\r\n/g, "\n"), pageCount: null, truncated: false });
  });

  it("drops a UTF-8 byte order mark and keeps the text whole", async () => {
    const { document } = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\n")]), "bom.csv");
    expect(document?.text).toBe("a,b\n");
  });

  it("keeps the first maxChars characters of a long document and says it was cut, never halving an emoji", async () => {
    const text = `${"a".repeat(9)}😀${"b".repeat(50)}`;
    const { document } = await read(text, "long.txt", 10);
    expect(document).toMatchObject({ text: "a".repeat(9), charCount: 9, truncated: true });
    const pdf = makePdf({ pages: Array.from({ length: 30 }, (_, index) => ({ lines: [`Page number ${index + 1} of the long report`] })) });
    const long = await read(pdf, "long.pdf", 200);
    expect(long.document).toMatchObject({ pageCount: 30, truncated: true });
    expect(long.document!.text.length).toBeLessThanOrEqual(200);
    expect(long.document!.text).toContain("Page number 1 ");
  });

  it("takes an image by its signature whatever its name", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    expect(await read(png, "not-really.pdf")).toEqual({ mediaType: "image/png", document: null });
  });
});

describe("readUpload: refusals say why", () => {
  it.each([
    { case: "an executable renamed .pdf", bytes: ELF, name: "invoice.pdf", says: /application\/x-elf/ },
    { case: "an executable renamed .txt", bytes: ELF, name: "notes.txt", says: /application\/x-elf/ },
    { case: "a ZIP that is not a Word document, named .docx", bytes: makeZip([{ name: "a.txt", data: "hi" }]), name: "a.docx", says: /application\/zip/ },
    { case: "UTF-16 text (NUL bytes)", bytes: Buffer.from("\ufeffhello", "utf16le"), name: "u16.txt", says: /not a type the chat reads/ },
    { case: "bytes that are not UTF-8", bytes: Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x6f]), name: "latin.txt", says: /not a type the chat reads/ },
  ])("415 for $case", async ({ bytes, name, says }) => {
    const error = await refusal(bytes, name);
    expect(error).toMatchObject({ code: "unsupported_media_type", status: 415 });
    expect(error.message).toMatch(says);
    expect(error.message).toMatch(/You can attach images, PDFs, Word documents \(\.docx\), and text, Markdown, CSV, JSON or code files\.$/);
  });

  it("422 document_no_text for a PDF without a text layer, naming OCR", async () => {
    const error = await refusal(makePdf({ pages: [{ drawing: true }, { drawing: true }] }), "scan.pdf");
    expect(error).toMatchObject({ code: "document_no_text", status: 422 });
    expect(error.message).toMatch(/scan\.pdf has no text layer.*OCR/);
  });

  it("422 document_encrypted for a PDF that needs a password, while one restricted by an owner password alone opens", async () => {
    const locked = makePdf({ pages: [{ lines: ["Secret plans"] }], encryption: { userPassword: "hunter2", ownerPassword: "owner" } });
    expect(await refusal(locked, "locked.pdf")).toMatchObject({ code: "document_encrypted", status: 422, message: expect.stringMatching(/password/) });
    const restricted = makePdf({ pages: [{ lines: ["Readable but restricted"] }], encryption: { userPassword: "", ownerPassword: "owner" } });
    expect((await read(restricted, "restricted.pdf")).document?.text).toBe("Readable but restricted");
  });

  it("422 document_unreadable for a damaged PDF or DOCX", async () => {
    const pdf = makePdf({ pages: [{ lines: ["Whole"] }] });
    for (const [bytes, name] of [
      [Buffer.from("%PDF-1.7\nnothing else here"), "broken.pdf"],
      [pdf.subarray(0, 40), "cut.pdf"],
      [makeZip([{ name: "word/document.xml", data: "<not xml" }]), "broken.docx"],
    ] as const) {
      expect(await refusal(bytes, name)).toMatchObject({ code: "document_unreadable", status: 422 });
    }
  });

  it("413 for a zip bomb, before any parser inflates it", async () => {
    // 300 MB of zeros deflate to about 300 KB; its directory declares the true size, a liar would fare no better.
    const bomb = makeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document/>" },
      { name: "word/media/zeros.bin", data: Buffer.alloc(300 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal(bomb, "bomb.docx");
    expect(error).toMatchObject({ code: "payload_too_large", status: 413, message: expect.stringMatching(/unpacks to more than/) });
    // Deflating and inflating 300 MB takes seconds on a busy machine.
  }, 60_000);

  it("422 document_unreadable for a PDF whose stream inflates to gigabytes, stopping its worker before it hurts", async () => {
    // A 1 MB PDF whose one content stream is 1 GB of spaces: pdf.js would inflate it all, outside any heap limit.
    const deflate = createDeflate({ level: 9 });
    const packed: Buffer[] = [];
    deflate.on("data", (chunk: Buffer) => packed.push(chunk));
    const spaces = Buffer.alloc(16 * 1024 * 1024, 0x20);
    for (let written = 0; written < 1024 * 1024 * 1024; written += spaces.length) {
      if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once("drain", resolve));
    }
    await new Promise((resolve) => deflate.end(resolve));
    const pdf = makePdf({ pages: [{ deflatedContent: Buffer.concat(packed) }] });
    expect(pdf.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage.rss();
    const error = await refusal(pdf, "bomb.pdf");
    expect(error).toMatchObject({ code: "document_unreadable", status: 422, message: expect.stringMatching(/too complex/) });
    // The worker is gone, and its memory with it (pdf.js must not inflate on the thread pool, beyond the worker's reach).
    await expect.poll(() => process.memoryUsage.rss() - before, { timeout: 30_000 }).toBeLessThan(256 * 1024 * 1024);
    expect((await read(REPORT_PDF, "after.pdf")).document?.text).toBe("Still reads");
  }, 90_000);

  it("422 document_no_text for text files and documents with nothing in them", async () => {
    expect(await refusal(" \n\t\n", "blank.txt")).toMatchObject({ code: "document_no_text" });
    expect(await refusal(makeDocx([""]), "empty.docx")).toMatchObject({ code: "document_no_text" });
  });
});
