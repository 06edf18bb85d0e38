import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { composeDemoAnswer } from "@/lib/ai/demo-answer";
import { createDemoModel } from "@/lib/ai/demo-model";
import { documentInfoOf, documentLabel, formatBytes, textTypeFor } from "@/lib/documents/kinds";
import { formatDocumentBlock } from "@/lib/documents/prompt-format";
import { configErrorOf, loadTestConfig } from "../support/config";

describe("the demo model and documents", () => {
  const report = formatDocumentBlock({ name: "report.pdf", type: "PDF", pageCount: 2, text: "Quarterly revenue grew by twelve percent.", note: null });
  const notes = formatDocumentBlock({ name: "notes.md", type: "Markdown", pageCount: null, text: "x".repeat(120), note: "Truncated: cut" });

  it("says which documents arrived, with pages, characters and how each begins, then answers the user's words alone", async () => {
    const { text, usage } = await generateText({
      model: createDemoModel({ modelId: "chat", delayMs: 0 }),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: report },
            { type: "text", text: notes },
            { type: "file", mediaType: "application/pdf", data: new Uint8Array(2048) },
            { type: "text", text: "Summarise both" },
          ],
        },
      ],
    });
    expect(text).toContain("You attached 2 documents; their text reached me:");
    expect(text).toContain("- **report.pdf** (PDF, 2 pages, 41 characters): it begins “Quarterly revenue grew by twelve percent.”");
    expect(text).toContain("- **notes.md** (Markdown, 120 characters, truncated): it begins “" + "x".repeat(80) + "…”");
    expect(text).toContain("The PDF also arrived as a file (2 KB).");
    expect(text.endsWith(composeDemoAnswer("Summarise both"))).toBe(true);
    // The documents are input the model was given: its usage counts them.
    expect(usage.inputTokens).toBeGreaterThanOrEqual(Math.ceil((report.length + notes.length) / 4));
  });
});

describe("document kinds", () => {
  it.each([
    ["script.PY", "code", "Python"],
    ["data.tsv", "csv", "TSV"],
    ["a.b.json", "json", "JSON"],
    ["Makefile", "code", "Makefile"],
    ["image.svg", "code", "SVG"],
    ["archive.tar.gz", "text", "Text"],
  ])("names %s as %s (%s)", (name, kind, label) => {
    expect(textTypeFor(name).kind).toBe(kind);
    expect(documentLabel(textTypeFor(name).kind, name)).toBe(label);
    expect(textTypeFor(name).mediaType.startsWith("image/")).toBe(false);
  });

  it("formats sizes as people read them", () => {
    expect([formatBytes(1), formatBytes(999), formatBytes(12_345), formatBytes(1_250_000), formatBytes(2_000_000), formatBytes(20_971_520)]).toEqual([
      "1 byte",
      "999 bytes",
      "12 KB",
      "1.3 MB",
      "2 MB",
      "21 MB",
    ]);
  });

  it("reads a part's document metadata, and nothing from an image part or forged metadata", () => {
    const meta = { kind: "pdf", size: 10, pageCount: 2, charCount: 5, truncated: false };
    expect(documentInfoOf({ providerMetadata: { chatbot: meta } })).toEqual(meta);
    expect(documentInfoOf({})).toBeNull();
    expect(documentInfoOf({ providerMetadata: { chatbot: { kind: "exe" } } })).toBeNull();
  });
});

describe("upload limits from the environment", () => {
  it("has sane defaults", () => {
    expect(loadTestConfig({}).uploads).toEqual({
      maxFileBytes: 20_000_000,
      maxFilesPerMessage: 10,
      maxDocumentChars: 100_000,
      maxMessageDocumentChars: 200_000,
    });
  });

  it("takes UPLOAD_MAX_FILE_MB, UPLOAD_MAX_FILES_PER_MESSAGE and the DOCUMENT_MAX_CHARS_* bounds", () => {
    const { uploads } = loadTestConfig({
      UPLOAD_MAX_FILE_MB: "50",
      UPLOAD_MAX_FILES_PER_MESSAGE: "3",
      DOCUMENT_MAX_CHARS_PER_FILE: "5000",
      DOCUMENT_MAX_CHARS_PER_MESSAGE: "8000",
      UPLOAD_DIR: "",
    });
    expect(uploads).toEqual({ maxFileBytes: 50_000_000, maxFilesPerMessage: 3, maxDocumentChars: 5000, maxMessageDocumentChars: 8000 });
  });

  it.each([
    ["UPLOAD_MAX_FILE_MB", "0"],
    ["UPLOAD_MAX_FILE_MB", "1.5"],
    ["UPLOAD_MAX_FILES_PER_MESSAGE", "lots"],
    ["DOCUMENT_MAX_CHARS_PER_FILE", "10"],
  ])("stops at boot on %s=%s with one line naming it", (variable, value) => {
    const error = configErrorOf({ [variable]: value });
    expect(error.message).toMatch(new RegExp(`^Invalid environment variable ${variable}: must be an integer from`));
    expect(error.message).not.toContain("\n");
  });
});
