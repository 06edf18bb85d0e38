import { describe, expect, it } from "vitest";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { promptFor } from "@/lib/ai/pdf-input";
import type { ChatMessage } from "@/lib/chat/types";
import { toMessageFilePart } from "@/lib/documents/file-part";
import { type DocumentRecord, documentModelParts, NATIVE_PDF_MAX_BYTES_PER_REQUEST, withDocumentInput } from "@/lib/documents/model-input";
import { formatDocumentBlock, parseDocumentBlocks, titleSourceOf } from "@/lib/documents/prompt-format";

const ID_A = "11111111-1111-4111-8111-111111111111";
const ID_B = "22222222-2222-4222-8222-222222222222";
const ID_C = "33333333-3333-4333-8333-333333333333";

function record(id: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id,
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

function partFor(file: DocumentRecord) {
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

const textOf = (parts: ChatMessage["parts"]) => parts.map((part) => (part.type === "text" ? part.text : "")).join("");

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

  it("titles a chat from the user's words, or from the documents' names when there are none", () => {
    const block = formatDocumentBlock({ name: "minutes.docx", type: "Word document", pageCount: null, text: "Board meeting", note: null });
    expect(titleSourceOf(`${block}Summarise the decisions`)).toBe("Summarise the decisions");
    expect(titleSourceOf(block)).toBe("minutes.docx\n\nBoard meeting");
    expect(titleSourceOf("Just words")).toBe("Just words");
  });
});

describe("documentModelParts", () => {
  it("gives the text whole, and the PDF as a file part only when its bytes are passed", () => {
    const file = record(ID_A);
    const plain = documentModelParts(file, { remainingChars: 1000, maxMessageChars: 1000 });
    expect(plain.usedChars).toBe(file.text!.length);
    expect(plain.parts).toEqual([
      { type: "text", text: '<document name="report.pdf" type="PDF" pages="2" characters="23">\nQuarterly revenue grew.\n</document>' },
    ]);
    const native = documentModelParts(file, { remainingChars: 1000, maxMessageChars: 1000, pdfData: new Uint8Array([37, 80, 68, 70]) });
    expect(native.parts[1]).toEqual({ type: "file", mediaType: "application/pdf", filename: "report.pdf", url: "data:application/pdf;base64,JVBERg==" });
  });

  it("cuts at the characters left in the message and says so; says so too when upload kept only the start", () => {
    const cut = documentModelParts(record(ID_A), { remainingChars: 9, maxMessageChars: 5000 });
    expect(cut.usedChars).toBe(9);
    const parsed = parseDocumentBlocks((cut.parts[0] as { text: string }).text).documents[0];
    expect(parsed).toMatchObject({ characters: 9, truncated: true, text: "Quarterly" });
    expect((cut.parts[0] as { text: string }).text).toContain("[Truncated: only the first 9 characters fit in this message's limit of 5,000");

    const kept = documentModelParts(record(ID_A, { truncated: true }), { remainingChars: 1000, maxMessageChars: 1000 });
    expect((kept.parts[0] as { text: string }).text).toContain("only its first 23 characters were kept at upload.]");

    const none = documentModelParts(record(ID_A), { remainingChars: 0, maxMessageChars: 40 });
    expect((none.parts[0] as { text: string }).text).toContain("[Left out: this message's documents already fill the 40 characters");
  });

  it("names code by its language and a Word document as such", () => {
    const code = documentModelParts(record(ID_A, { name: "main.py", kind: "code", mediaType: "text/x-python", pageCount: null }), {
      remainingChars: 100,
      maxMessageChars: 100,
    });
    expect((code.parts[0] as { text: string }).text).toMatch(/^<document name="main.py" type="Python" characters="23">/);
  });
});

describe("withDocumentInput", () => {
  const files = new Map([
    [ID_A, record(ID_A, { text: "A".repeat(60) })],
    [ID_B, record(ID_B, { name: "b.csv", kind: "csv", mediaType: "text/csv", text: "B".repeat(60), pageCount: null })],
  ]);
  const options = (overrides: { readsPdf?: boolean; maxMessageChars?: number; files?: Map<string, DocumentRecord> } = {}) => {
    const asked: string[] = [];
    return {
      asked,
      options: {
        readsPdf: overrides.readsPdf ?? false,
        maxMessageChars: overrides.maxMessageChars ?? 100,
        loadFiles: async (ids: string[]) => {
          asked.push(...ids);
          return new Map(ids.flatMap((id): [string, DocumentRecord][] => {
            const file = (overrides.files ?? files).get(id);
            return file ? [[id, file]] : [];
          }));
        },
        readBytes: async (file: DocumentRecord) => new Uint8Array(file.size),
      },
    };
  };
  const message = (id: string, parts: ChatMessage["parts"]): ChatMessage => ({ id, role: "user", parts });

  it("shares a message's budget among its documents in order, reading each file once, and leaves other parts alone", async () => {
    const first = message("m1", [partFor(files.get(ID_A)!), partFor(files.get(ID_B)!), { type: "text", text: "Compare them" }]);
    const second = message("m2", [partFor(files.get(ID_B)!), { type: "text", text: "And this?" }]);
    const plain = message("m3", [{ type: "text", text: "no files" }]);
    const { options: input, asked } = options();
    const [a, b, c] = await withDocumentInput([first, second, plain], input);
    expect(asked.sort()).toEqual([ID_A, ID_B].sort());
    const documents = parseDocumentBlocks(textOf(a!.parts)).documents;
    expect(documents.map((document) => [document.name, document.characters, document.truncated])).toEqual([
      ["report.pdf", 60, false],
      ["b.csv", 40, true],
    ]);
    expect(parseDocumentBlocks(textOf(a!.parts)).rest).toBe("Compare them");
    // Each message has a budget of its own.
    expect(parseDocumentBlocks(textOf(b!.parts)).documents[0]).toMatchObject({ characters: 60, truncated: false });
    expect(c).toBe(plain);
  });

  it("adds PDFs as files for a model that reads them, newest first within the request's byte budget", async () => {
    const big = record(ID_C, { size: NATIVE_PDF_MAX_BYTES_PER_REQUEST - 500 });
    const all = new Map([...files, [ID_C, big]]);
    const older = message("m1", [partFor(files.get(ID_A)!), { type: "text", text: "old" }]);
    const newer = message("m2", [partFor(big), { type: "text", text: "new" }]);
    const { options: input } = options({ readsPdf: true, files: all });
    const [a, b] = await withDocumentInput([older, newer], input);
    expect(b!.parts.filter((part) => part.type === "file")).toHaveLength(1);
    // The older 1000-byte PDF no longer fits beside the newer one; its text still goes.
    expect(a!.parts.filter((part) => part.type === "file")).toHaveLength(0);
    expect(textOf(a!.parts)).toContain('<document name="report.pdf"');

    const { options: textOnly } = options({ readsPdf: false, files: all });
    const [c] = await withDocumentInput([newer], textOnly);
    expect(c!.parts.some((part) => part.type === "file")).toBe(false);
  });

  it("notes a document whose file is gone instead of failing the conversation", async () => {
    const { options: input } = options({ files: new Map() });
    const [result] = await withDocumentInput([message("m1", [partFor(record(ID_A)), { type: "text", text: "hi" }])], input);
    expect(textOf(result!.parts)).toBe("[A document that is no longer available: report.pdf]hi");
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
