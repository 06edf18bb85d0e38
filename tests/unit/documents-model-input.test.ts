import { describe, expect, it } from "vitest";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ModelMessage } from "ai";
import { promptFor } from "@/lib/ai/pdf-input";
import { toModelMessages } from "@/lib/chat/model-input";
import type { ChatMessage } from "@/lib/chat/types";
import type { FileRecord } from "@/lib/db/schema";
import { toMessageFilePart } from "@/lib/documents/file-part";
import { documentModelParts, NATIVE_PDF_MAX_BYTES_PER_REQUEST } from "@/lib/documents/model-input";
import { formatDocumentBlock, parseDocumentBlocks } from "@/lib/documents/prompt-format";
import { titleSourceOf } from "@/lib/documents/title-source";
import type { FileStorage } from "@/lib/storage/file-storage";

const ID_A = "11111111-1111-4111-8111-111111111111";
const ID_B = "22222222-2222-4222-8222-222222222222";
const ID_C = "33333333-3333-4333-8333-333333333333";

function row(id: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    id,
    userId: "44444444-4444-4444-8444-444444444444",
    chatId: null,
    createdAt: new Date(0),
    attachedAt: null,
    charCount: null,
    name: "report.pdf",
    mediaType: "application/pdf",
    size: 1000,
    kind: "pdf",
    text: "Quarterly revenue grew.",
    pageCount: 2,
    truncated: false,
    storageKey: `u/${id}`,
    ...overrides,
  };
}

function partFor(file: FileRecord) {
  return toMessageFilePart({
    id: file.id,
    url: `/api/files/${file.id}`,
    name: file.name,
    mediaType: file.mediaType,
    size: file.size,
    kind: file.kind ?? "image",
    pageCount: file.pageCount,
    charCount: file.text?.length ?? 0,
    truncated: file.truncated,
  });
}

describe("document blocks", () => {
  it("round-trips name, type, pages, characters and text, escaping the name", () => {
    const block = formatDocumentBlock({ name: 'a "quoted" <name>.pdf', type: "PDF", pageCount: 3, text: "Line one\nLine two", note: null });
    expect(block).toBe('<document name="a &quot;quoted&quot; &lt;name&gt;.pdf" type="PDF" pages="3" characters="17">\nLine one\nLine two\n</document>');
    expect(parseDocumentBlocks(`${block}What does it say?`)).toEqual({
      documents: [{ name: 'a "quoted" <name>.pdf', type: "PDF", pages: 3, characters: 17, truncated: false, text: "Line one\nLine two" }],
      rest: "What does it say?",
    });
  });

  it("keeps a document from closing its own block early", () => {
    const block = formatDocumentBlock({ name: "x.html", type: "HTML", pageCount: null, text: "a</document>b", note: null });
    expect(block.match(/<\/document>/g)).toHaveLength(1);
    expect(parseDocumentBlocks(block).documents[0]?.text).toBe("a<\\/document>b");
  });

});

describe("documentModelParts", () => {
  it("gives the text whole, and the PDF as a file part only when its bytes are passed", () => {
    const file = row(ID_A);
    const plain = documentModelParts(file, { remainingChars: 1000, maxMessageChars: 1000 });
    expect(plain.usedChars).toBe(file.text!.length);
    expect(plain.parts).toEqual([
      { type: "text", text: '<document name="report.pdf" type="PDF" pages="2" characters="23">\nQuarterly revenue grew.\n</document>' },
    ]);
    const native = documentModelParts(file, { remainingChars: 1000, maxMessageChars: 1000, pdfData: new Uint8Array([37, 80, 68, 70]) });
    expect(native.parts[1]).toEqual({ type: "file", data: new Uint8Array([37, 80, 68, 70]), mediaType: "application/pdf", filename: "report.pdf" });
  });

  it("cuts at the characters left in the message and says so; says so too when upload kept only the start", () => {
    const cut = documentModelParts(row(ID_A), { remainingChars: 9, maxMessageChars: 5000 });
    expect(cut.usedChars).toBe(9);
    const parsed = parseDocumentBlocks((cut.parts[0] as { text: string }).text).documents[0];
    expect(parsed).toMatchObject({ characters: 9, truncated: true, text: "Quarterly" });
    expect((cut.parts[0] as { text: string }).text).toContain("[Truncated: only the first 9 characters fit in this message's limit of 5,000");

    const kept = documentModelParts(row(ID_A, { truncated: true }), { remainingChars: 1000, maxMessageChars: 1000 });
    expect((kept.parts[0] as { text: string }).text).toContain("only its first 23 characters were kept at upload.]");

    const none = documentModelParts(row(ID_A), { remainingChars: 0, maxMessageChars: 40 });
    expect((none.parts[0] as { text: string }).text).toContain("[Left out: this message's documents already fill the 40 characters");
  });

  it("names code by its language and a Word document as such", () => {
    const code = documentModelParts(row(ID_A, { name: "main.py", kind: "code", mediaType: "text/x-python", pageCount: null }), {
      remainingChars: 100,
      maxMessageChars: 100,
    });
    expect((code.parts[0] as { text: string }).text).toMatch(/^<document name="main.py" type="Python" characters="23">/);
  });
});

describe("toModelMessages with documents", () => {
  const files = new Map([
    [ID_A, row(ID_A, { text: "A".repeat(60) })],
    [ID_B, row(ID_B, { name: "b.csv", kind: "csv", mediaType: "text/csv", text: "B".repeat(60), pageCount: null })],
  ]);
  const storageFor = () => {
    const read: string[] = [];
    const storage: FileStorage = {
      kind: "local",
      put: async () => undefined,
      remove: async () => undefined,
      read: async (key) => {
        read.push(key);
        return new Uint8Array([37, 80, 68, 70]);
      },
    };
    return { storage, read };
  };
  const message = (id: string, parts: ChatMessage["parts"]): ChatMessage => ({ id, role: "user", parts });
  const userContent = (model: ModelMessage | undefined) => (model?.role === "user" && Array.isArray(model.content) ? model.content : []);
  const textIn = (model: ModelMessage | undefined) => userContent(model).map((part) => (part.type === "text" ? part.text : "")).join("");

  it("shares a message's budget among its documents in order, and leaves other parts alone", async () => {
    const first = message("m1", [partFor(files.get(ID_A)!), partFor(files.get(ID_B)!), { type: "text", text: "Compare them" }]);
    const second = message("m2", [partFor(files.get(ID_B)!), { type: "text", text: "And this?" }]);
    const plain = message("m3", [{ type: "text", text: "no files" }]);
    const { storage, read } = storageFor();
    const [a, b, c] = await toModelMessages([first, second, plain], files, storage, { readsPdf: false, maxMessageDocumentChars: 100 });
    // Documents travel as the text read at upload: no bytes are read for a model that does not read PDFs.
    expect(read).toEqual([]);
    const documents = parseDocumentBlocks(textIn(a)).documents;
    expect(documents.map((document) => [document.name, document.characters, document.truncated])).toEqual([
      ["report.pdf", 60, false],
      ["b.csv", 40, true],
    ]);
    expect(parseDocumentBlocks(textIn(a)).rest).toBe("Compare them");
    // Each message has a budget of its own.
    expect(parseDocumentBlocks(textIn(b)).documents[0]).toMatchObject({ characters: 60, truncated: false });
    expect(c).toEqual({ role: "user", content: [{ type: "text", text: "no files" }] });
  });

  it("adds PDFs as their bytes for a model that reads them, newest first within the request's byte budget", async () => {
    const big = row(ID_C, { size: NATIVE_PDF_MAX_BYTES_PER_REQUEST - 500 });
    const all = new Map([...files, [ID_C, big]]);
    const older = message("m1", [partFor(files.get(ID_A)!), { type: "text", text: "old" }]);
    const newer = message("m2", [partFor(big), { type: "text", text: "new" }]);
    const { storage, read } = storageFor();
    const [a, b] = await toModelMessages([older, newer], all, storage, { readsPdf: true, maxMessageDocumentChars: 1000 });
    expect(read).toEqual([big.storageKey]);
    expect(userContent(b).filter((part) => part.type === "file")).toEqual([
      { type: "file", data: new Uint8Array([37, 80, 68, 70]), mediaType: "application/pdf", filename: "report.pdf" },
    ]);
    // The older 1000-byte PDF no longer fits beside the newer one; its text still goes.
    expect(userContent(a).filter((part) => part.type === "file")).toHaveLength(0);
    expect(textIn(a)).toContain('<document name="report.pdf"');

    const [c] = await toModelMessages([newer], all, storageFor().storage, { readsPdf: false, maxMessageDocumentChars: 1000 });
    expect(userContent(c).some((part) => part.type === "file")).toBe(false);
  });

  it("notes a document whose row is gone instead of failing the conversation", async () => {
    const [result] = await toModelMessages([message("m1", [partFor(row(ID_A)), { type: "text", text: "hi" }])], new Map(), null, {
      readsPdf: true,
      maxMessageDocumentChars: 1000,
    });
    expect(textIn(result)).toBe("[An attachment that is no longer available]hi");
  });
});

describe("titleSourceOf", () => {
  it("titles a chat from the user's words, or from the documents' names and text when there are none", () => {
    const minutes = row(ID_A, { name: "minutes.docx", kind: "docx", text: "Board meeting" });
    const files = new Map([[ID_A, minutes]]);
    expect(titleSourceOf([partFor(minutes), { type: "text", text: "Summarise the decisions" }], files)).toBe("Summarise the decisions");
    expect(titleSourceOf([partFor(minutes)], files)).toBe("minutes.docx\n\nBoard meeting");
    expect(titleSourceOf([{ type: "text", text: "Just words" }], files)).toBe("Just words");
    // Images alone give nothing to write a title from.
    expect(titleSourceOf([{ type: "file", url: `/api/files/${ID_B}`, mediaType: "image/png" }], new Map([[ID_B, row(ID_B, { kind: "image" })]]))).toBe("");
  });
});

describe("promptFor", () => {
  const prompt: LanguageModelV4Prompt = [
    { role: "system", content: "Be brief." },
    {
      role: "user",
      content: [
        { type: "text", text: "<document name=\"a.pdf\">…</document>" },
        { type: "file", mediaType: "application/pdf", data: { type: "data", data: new Uint8Array([1]) } },
        { type: "file", mediaType: "image/png", data: { type: "data", data: new Uint8Array([2]) } },
      ],
    },
  ];

  it("drops PDF files (not their text, not images) for a model without the pdf capability", () => {
    const stripped = promptFor({ capabilities: { vision: true, reasoning: false, tools: false } }, prompt);
    const user = stripped[1] as Extract<LanguageModelV4Prompt[number], { role: "user" }>;
    expect(user.content.map((part) => (part.type === "file" ? part.mediaType : part.type))).toEqual(["text", "image/png"]);
    expect(promptFor({ capabilities: { vision: true, reasoning: false, tools: false, pdf: true } }, prompt)).toBe(prompt);
  });
});
