import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { composeDemoTitle } from "@/lib/chat/title";
import { createPostgresStore, type PostgresStore } from "@/lib/db/drizzle-store";
import { formatBytes } from "@/lib/documents/kinds";
import { parseDocumentBlocks } from "@/lib/documents/prompt-format";
import { eventually, getChat, type Guest, newGuest, postChat, readUIStream, signInWithPassword } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { type FakeAiServer, startFakeAiServer } from "../support/fake-ai-server";
import { makePdf } from "../support/pdf-writer";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";
import { makeDocx, makeZip } from "../support/zip-writer";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(200, 7)]);
const REPORT = makePdf({ pages: [{ lines: ["Quarterly revenue grew by 12 percent."] }, { lines: ["Outlook: steady growth."] }] });

let database: ScratchDatabase;
let store: PostgresStore;
let sql: postgres.Sql;
let uploadDir: string;
let server: AppServer;

// Small bounds, so each can be reached with small files.
const LIMITS = {
  UPLOAD_MAX_FILE_MB: "2",
  UPLOAD_MAX_FILES_PER_MESSAGE: "3",
  DOCUMENT_MAX_CHARS_PER_FILE: "2000",
  DOCUMENT_MAX_CHARS_PER_MESSAGE: "3000",
};

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresUrl"), "documents");
  store = createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 });
  await store.migrate();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  uploadDir = mkdtempSync(path.join(tmpdir(), "chatbot-documents-"));
  server = await startAppServer({ POSTGRES_URL: database.url, UPLOAD_DIR: uploadDir, ...LIMITS });
});

afterAll(async () => {
  await server?.stop();
  await sql?.end();
  await store?.close();
  await database?.drop();
  rmSync(uploadDir, { recursive: true, force: true });
});

type StoredFile = { id: string; url: string; name: string; mediaType: string; size: number; kind: string; pageCount: number | null; charCount: number | null; truncated: boolean };
type FilePart = { type: string; url?: string; text?: string; filename?: string; mediaType?: string; providerMetadata?: { chatbot?: Record<string, unknown> } };
type StoredMessage = { id: string; role: string; parts: FilePart[]; metadata: { status?: string; model?: string }; usage: { inputTokens: number } | null };

function upload(who: Guest | null, bytes: Buffer, name: string, type = "application/octet-stream", baseUrl = server.url) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return fetch(`${baseUrl}/api/files`, { method: "POST", body: form, headers: who ? { cookie: who.cookie } : {} });
}

async function uploaded(who: Guest, bytes: Buffer, name: string, baseUrl = server.url): Promise<StoredFile> {
  const response = await upload(who, bytes, name, "application/octet-stream", baseUrl);
  const body = (await response.json()) as { file: StoredFile };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.file;
}

const fetchFile = (url: string, who: Guest | null) => fetch(`${server.url}${url}`, { headers: who ? { cookie: who.cookie } : {} });

function message(files: StoredFile[], text: string) {
  return {
    id: randomUUID(),
    role: "user" as const,
    parts: [...files.map((file) => ({ type: "file" as const, url: file.url, mediaType: "text/html", filename: "lie.exe" })), { type: "text" as const, text }],
  };
}

async function ask(who: Guest, files: StoredFile[], text: string, options: { model?: string; chatId?: string; baseUrl?: string } = {}) {
  const chatId = options.chatId ?? randomUUID();
  const baseUrl = options.baseUrl ?? server.url;
  const response = await postChat(baseUrl, who, { id: chatId, message: message(files, text), ...(options.model ? { model: options.model } : {}) });
  expect(response.status, response.status === 200 ? "" : await response.clone().text()).toBe(200);
  const { text: answer } = await readUIStream(response);
  const messages = await eventually(async () => {
    const chat = (await (await getChat(baseUrl, who, chatId)).json()) as { chat: { title: string }; messages: StoredMessage[] };
    return chat.messages.some((row) => row.role === "assistant" && row.metadata.status) ? chat : undefined;
  });
  return { chatId, answer, ...messages };
}

function filesOnDisk(): string[] {
  return readdirSync(uploadDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(uploadDir, path.join(entry.parentPath, entry.name)));
}

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error };
}

function share(who: Guest, chatId: string, visibility: "public" | "private") {
  return fetch(`${server.url}/api/chat/${chatId}`, {
    method: "PATCH",
    headers: { cookie: who.cookie, "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ visibility }),
  });
}

async function registeredUser(): Promise<Guest> {
  const email = `documents.${randomUUID()}@example.com`;
  await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
  const session = await signInWithPassword(server.url, email, "a long password");
  if (!session) throw new Error("sign-in failed");
  return session;
}

describe("POST /api/files with documents", () => {
  it.each([
    { name: "report.pdf", bytes: REPORT, kind: "pdf", mediaType: "application/pdf", pageCount: 2, served: "application/pdf" },
    { name: "minutes.docx", bytes: makeDocx(["Board minutes", "Ship it."]), kind: "docx", mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", pageCount: null, served: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { name: "parts.csv", bytes: Buffer.from("part,qty\nbolt,4\nnut,9\n"), kind: "csv", mediaType: "text/csv", pageCount: null, served: "text/plain; charset=utf-8" },
    { name: "config.json", bytes: Buffer.from('{"retries": 3}\n'), kind: "json", mediaType: "application/json", pageCount: null, served: "text/plain; charset=utf-8" },
    { name: "sort.py", bytes: Buffer.from("def sort(xs):\n    return sorted(xs)\n"), kind: "code", mediaType: "text/x-python", pageCount: null, served: "text/plain; charset=utf-8" },
    { name: "notes.txt", bytes: Buffer.from("Buy milk.\nCall Ana.\n"), kind: "text", mediaType: "text/plain", pageCount: null, served: "text/plain; charset=utf-8" },
    { name: "guide.md", bytes: Buffer.from("# Guide\n\n1. Install\n"), kind: "markdown", mediaType: "text/markdown", pageCount: null, served: "text/plain; charset=utf-8" },
  ])("keeps a $kind file ($name), typed and read from its bytes, served back to its owner as a download", async ({ name, bytes, kind, mediaType, pageCount, served }) => {
    const owner = await newGuest(server.url);
    const file = await uploaded(owner, bytes, name);
    expect(file).toMatchObject({ name, kind, mediaType, pageCount, size: bytes.length, truncated: false });
    expect(file.charCount).toBeGreaterThan(0);
    const [row] = await sql<{ text: string; char_count: number }[]>`select text, char_count from files where id = ${file.id}`;
    expect(row!.text.length).toBe(row!.char_count);
    const back = await fetchFile(file.url, owner);
    expect(back.status).toBe(200);
    expect(back.headers.get("content-type")).toBe(served);
    expect(back.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(back.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    { case: "an executable renamed .pdf", bytes: ELF, name: "invoice.pdf", type: "application/pdf", status: 415, code: "unsupported_media_type", says: /invoice\.pdf is application\/x-elf, which the chat cannot read/ },
    { case: "a type lie in the header: a ZIP declared as a PDF", bytes: makeZip([{ name: "x.txt", data: "x" }]), name: "report.pdf", type: "application/pdf", status: 415, code: "unsupported_media_type", says: /application\/zip/ },
    { case: "a PDF without a text layer", bytes: makePdf({ pages: [{ drawing: true }] }), name: "scan.pdf", type: "application/pdf", status: 422, code: "document_no_text", says: /no text layer/ },
    { case: "a PDF that needs a password", bytes: makePdf({ pages: [{ lines: ["secret"] }], encryption: { userPassword: "pw", ownerPassword: "owner" } }), name: "locked.pdf", type: "application/pdf", status: 422, code: "document_encrypted", says: /password/ },
    { case: "a damaged PDF", bytes: REPORT.subarray(0, 60), name: "cut.pdf", type: "application/pdf", status: 422, code: "document_unreadable", says: /damaged/ },
    { case: "a file over UPLOAD_MAX_FILE_MB", bytes: Buffer.alloc(2_000_001, "a"), name: "big.txt", type: "text/plain", status: 413, code: "payload_too_large", says: /big\.txt is larger than 2 MB/ },
    { case: "a zip bomb", bytes: makeZip([{ name: "word/document.xml", data: "<w:document/>" }, { name: "word/zeros.bin", data: Buffer.alloc(300 * 1024 * 1024) }]), name: "bomb.docx", type: "application/octet-stream", status: 413, code: "payload_too_large", says: /unpacks to more than/ },
  ])("answers $status $code for $case, says why, and keeps nothing", async ({ bytes, name, type, status, code, says }) => {
    const guest = await newGuest(server.url);
    const before = filesOnDisk().length;
    const error = await errorOf(await upload(guest, bytes, name, type));
    expect(error).toMatchObject({ status, code });
    expect(error.message).toMatch(says);
    expect(filesOnDisk()).toHaveLength(before);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it("goes by the bytes when the header lies the other way: a PNG declared and named as a PDF is an image", async () => {
    const guest = await newGuest(server.url);
    const response = await upload(guest, PNG, "scan.pdf", "application/pdf");
    expect(response.status).toBe(201);
    expect(((await response.json()) as { file: StoredFile }).file).toMatchObject({ kind: "image", mediaType: "image/png", pageCount: null });
  });

  it("keeps only the last segment of a path-traversal name, and stores bytes under ids only", async () => {
    const guest = await newGuest(server.url);
    const file = await uploaded(guest, Buffer.from("root:x:0:0\n"), "../../../etc/passwd.txt");
    expect(file.name).toBe("passwd.txt");
    const windows = await uploaded(guest, Buffer.from("x\n"), "..\\..\\boot.ini");
    expect(windows.name).toBe("boot.ini");
    expect(filesOnDisk().every((entry) => new RegExp(`^${UUID}/${UUID}$`).test(entry))).toBe(true);
    expect(existsSync(path.join(uploadDir, "..", "etc"))).toBe(false);
  });

  it("serves a document to its uploader only, and to anyone while its chat is shared", async () => {
    const owner = await newGuest(server.url);
    const file = await uploaded(owner, REPORT, "report.pdf");
    const otherUser = await registeredUser();
    const otherGuest = await newGuest(server.url);
    const { chatId } = await ask(owner, [file], "Read this");
    expect((await fetchFile(file.url, owner)).status).toBe(200);
    for (const visitor of [otherUser, otherGuest, null]) expect((await fetchFile(file.url, visitor)).status).toBe(404);
    expect((await share(owner, chatId, "public")).status).toBe(200);
    for (const visitor of [otherUser, otherGuest, null]) expect((await fetchFile(file.url, visitor)).status).toBe(200);
    expect((await share(owner, chatId, "private")).status).toBe(200);
    for (const visitor of [otherUser, otherGuest, null]) expect((await fetchFile(file.url, visitor)).status).toBe(404);
    // Nobody else may send it either.
    const stolen = await postChat(server.url, otherUser, { id: randomUUID(), message: message([file], "mine now") });
    expect(await errorOf(stolen)).toMatchObject({ status: 400, code: "bad_request" });
  });

  it("refuses uploads from visitors without a session", async () => {
    expect((await upload(null, Buffer.from("hello\n"), "a.txt")).status).toBe(401);
  });
});

describe("documents in the chat", () => {
  it("gives the model each document as delimited text (PDFs also as files to models that read them) and counts its tokens", async () => {
    const owner = await newGuest(server.url);
    const pdf = await uploaded(owner, REPORT, "report.pdf");
    const csv = await uploaded(owner, Buffer.from("part,qty\nbolt,4\n"), "parts.csv");
    const { answer, chat, messages } = await ask(owner, [pdf, csv], "Compare the report with the parts list");
    expect(answer).toContain("You attached 2 documents; their text reached me:");
    expect(answer).toContain(`- **report.pdf** (PDF, 2 pages, ${pdf.charCount} characters): it begins “Page 1 Quarterly revenue grew by 12 percent.`);
    expect(answer).toContain(`- **parts.csv** (CSV, ${csv.charCount} characters): it begins “part,qty bolt,4”`);
    expect(answer).toContain("The PDF also arrived as a file (1 KB).");
    expect(answer).toContain("> Compare the report with the parts list");
    // The title comes from the user's words (demo titles take their first significant words), never from a document.
    expect(chat.title).toBe(composeDemoTitle("Compare the report with the parts list"));

    const [question, reply] = messages;
    expect(question!.parts[0]).toEqual({
      type: "file",
      url: pdf.url,
      mediaType: "application/pdf",
      filename: "report.pdf",
      providerMetadata: { chatbot: { kind: "pdf", size: REPORT.length, pageCount: 2, charCount: pdf.charCount, truncated: false } },
    });
    // The stored message keeps the reference, not the text: the text is read from the file row each turn.
    expect(JSON.stringify(question!.parts)).not.toContain("Quarterly");
    expect(reply!.usage!.inputTokens).toBeGreaterThanOrEqual(Math.ceil((pdf.charCount! + csv.charCount!) / 4));

    const other = await uploaded(owner, REPORT, "again.pdf");
    const textOnly = await ask(owner, [other], "Same for you", { model: "demo/reasoning" });
    expect(textOnly.answer).toContain("- **again.pdf** (PDF, 2 pages");
    expect(textOnly.answer).not.toContain("also arrived as a file");

    // A message of documents alone is titled from their names and text, not left at its provisional title.
    const minutes = await uploaded(owner, Buffer.from("Board minutes: ship the release.\n"), "minutes.txt");
    const untitled = await ask(owner, [minutes], "");
    expect(untitled.chat.title).toBe(composeDemoTitle("minutes.txt\n\nBoard minutes: ship the release.\n"));
    expect(untitled.chat.title).not.toBe("minutes.txt");
  });

  it("cuts a long document at DOCUMENT_MAX_CHARS_PER_FILE and a message's documents at DOCUMENT_MAX_CHARS_PER_MESSAGE, saying so", async () => {
    const owner = await newGuest(server.url);
    const first = await uploaded(owner, Buffer.from("a".repeat(2500)), "first.txt");
    const second = await uploaded(owner, Buffer.from("b".repeat(2500)), "second.txt");
    expect(first).toMatchObject({ charCount: 2000, truncated: true });
    const { answer } = await ask(owner, [first, second], "Both please");
    expect(answer).toContain("- **first.txt** (Text, 2,000 characters, truncated)");
    expect(answer).toContain("- **second.txt** (Text, 1,000 characters, truncated)");
  });

  it("refuses more than UPLOAD_MAX_FILES_PER_MESSAGE files before saving anything", async () => {
    const owner = await newGuest(server.url);
    const files = await Promise.all([1, 2, 3, 4].map((n) => uploaded(owner, Buffer.from(`file ${n}\n`), `f${n}.txt`)));
    const chatId = randomUUID();
    const refused = await postChat(server.url, owner, { id: chatId, message: message(files, "all four") });
    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "bad_request", message: expect.stringMatching(/at most 3 files/) });
    expect((await getChat(server.url, owner, chatId)).status).toBe(404);
    // Nothing was attached: three of them still go in a message.
    const { answer } = await ask(owner, files.slice(0, 3), "three");
    expect(answer).toContain("You attached 3 documents");
  });

  it("exports documents (Markdown lists them, JSON carries them) and an import restores its own copies", async () => {
    const owner = await newGuest(server.url);
    const pdf = await uploaded(owner, REPORT, "report.pdf");
    const { chatId } = await ask(owner, [pdf], "Summarise");
    const exported = (format: string) => fetch(`${server.url}/api/chat/${chatId}/export?format=${format}`, { headers: { cookie: owner.cookie } });
    const markdown = await (await exported("markdown")).text();
    expect(markdown).toContain(`## You\n\n*Attached: report.pdf (PDF, 2 pages, ${formatBytes(REPORT.length)})*\n\nSummarise`);
    const json = await (await exported("json")).text();
    expect(JSON.parse(json).messages[0].parts[0]).toMatchObject({ type: "file", url: pdf.url, providerMetadata: { chatbot: { kind: "pdf", pageCount: 2 } } });

    const importAs = (who: Guest) =>
      fetch(`${server.url}/api/chats/import`, { method: "POST", headers: { cookie: who.cookie, "content-type": "application/json", origin: server.url }, body: json });
    const imported = await importAs(owner);
    expect(imported.status).toBe(201);
    const { chat } = (await imported.json()) as { chat: { id: string } };
    const copy = ((await (await getChat(server.url, owner, chat.id)).json()) as { messages: StoredMessage[] }).messages[0]!.parts[0]!;
    expect(copy).toMatchObject({ type: "file", filename: "report.pdf", providerMetadata: { chatbot: { kind: "pdf", pageCount: 2 } } });
    expect(copy.url).not.toBe(pdf.url);
    expect(Buffer.from(await (await fetchFile(copy.url!, owner)).arrayBuffer()).equals(REPORT)).toBe(true);
    // The copy is the new chat's: sharing that chat shares it; the original chat's share state does not.
    expect((await share(owner, chat.id, "public")).status).toBe(200);
    expect((await fetchFile(copy.url!, null)).status).toBe(200);
    expect((await fetchFile(pdf.url, null)).status).toBe(404);
    // The restored document reaches the model in the imported chat.
    const followUp = await postChat(server.url, owner, { id: chat.id, message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "again" }] } });
    expect(followUp.status).toBe(200);
    await readUIStream(followUp);

    // Someone else's export never opens the files it names.
    const stranger = await newGuest(server.url);
    const theirs = await importAs(stranger);
    expect(theirs.status).toBe(201);
    const theirChat = ((await theirs.json()) as { chat: { id: string } }).chat;
    const theirParts = ((await (await getChat(server.url, stranger, theirChat.id)).json()) as { messages: StoredMessage[] }).messages[0]!.parts;
    expect(theirParts.some((part) => part.type === "file")).toBe(false);
    expect(theirParts[0]).toEqual({ type: "text", text: "[Attachment not restored: report.pdf no longer exists here.]" });
  });

  it("deletes a chat's documents with the chat, and db:prune removes unsent ones after a day", async () => {
    const owner = await newGuest(server.url);
    const sent = await uploaded(owner, REPORT, "report.pdf");
    const { chatId } = await ask(owner, [sent], "Keep this?");
    const [row] = await sql<{ storage_key: string }[]>`select storage_key from files where id = ${sent.id}`;
    expect(existsSync(path.join(uploadDir, row!.storage_key))).toBe(true);
    const deleted = await fetch(`${server.url}/api/chat/${chatId}`, { method: "DELETE", headers: { cookie: owner.cookie, origin: server.url } });
    expect(deleted.status).toBe(204);
    expect((await fetchFile(sent.url, owner)).status).toBe(404);
    expect(existsSync(path.join(uploadDir, row!.storage_key))).toBe(false);
    expect(await sql`select 1 from files where id = ${sent.id}`).toHaveLength(0);

    const stale = await uploaded(owner, Buffer.from("left in the composer\n"), "stale.md");
    const fresh = await uploaded(owner, Buffer.from("still being written\n"), "fresh.md");
    await sql`update files set created_at = now() - interval '2 days' where id = ${stale.id}`;
    const { stdout } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/db-prune.ts"], {
      cwd: ROOT,
      env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, POSTGRES_URL: database.url, AUTH_SECRET: "x".repeat(32), UPLOAD_DIR: uploadDir },
    });
    expect(stdout).toMatch(/Removed [1-9]\d* uploaded files?/);
    expect((await fetchFile(stale.url, owner)).status).toBe(404);
    expect((await fetchFile(fresh.url, owner)).status).toBe(200);
  });
});

describe("PDFs and real provider clients", () => {
  let fake: FakeAiServer;
  let providers: AppServer;

  beforeAll(async () => {
    fake = await startFakeAiServer();
    providers = await startAppServer({
      PLAYWRIGHT: "",
      UPLOAD_DIR: uploadDir,
      OPENAI_API_KEY: "sk-test-key",
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODELS: "gpt-5.5",
      CUSTOM_AI_BASE_URL: fake.baseURL,
      CUSTOM_AI_MODELS: "local-a=Local A",
      AI_TIMEOUT_MS: "5000",
      GUEST_MODELS: "all",
    });
  });

  afterAll(async () => {
    await providers?.stop();
    await fake?.stop();
  });

  const chatRequests = () => fake.requests.filter((request) => request.stream);

  it("sends OpenAI the PDF as an input file beside its text, and a text-only model (also after failover) the text alone", async () => {
    const guest = await newGuest(providers.url);
    const first = await uploaded(guest, REPORT, "report.pdf", providers.url);
    await ask(guest, [first], "What grew?", { model: "openai/gpt-5.5", baseUrl: providers.url });
    const [openai] = chatRequests();
    expect(openai!.path).toBe("/v1/responses");
    const input = JSON.stringify(openai!.messages);
    expect(input).toContain('"type":"input_file"');
    expect(input).toContain(`"file_data":"data:application/pdf;base64,${REPORT.toString("base64")}"`);
    const sentText = (openai!.messages as { content: { type: string; text?: string }[] }[]).flatMap((item) => item.content ?? []).map((part) => part.text ?? "").join("");
    expect(parseDocumentBlocks(sentText).documents[0]).toMatchObject({ name: "report.pdf", type: "PDF", pages: 2 });
    // The title model gets the user's words, not the document.
    const title = await eventually(async () => fake.requests.find((request) => !request.stream));
    expect(JSON.stringify(title.messages)).toContain("What grew?");
    expect(JSON.stringify(title.messages)).not.toContain("<document");

    fake.reset();
    fake.setBehavior("gpt-5.5", { kind: "error", status: 500 });
    const second = await uploaded(guest, REPORT, "report.pdf", providers.url);
    await ask(guest, [second], "And now?", { model: "openai/gpt-5.5", baseUrl: providers.url });
    const [failed, fallback] = chatRequests();
    expect(JSON.stringify(failed!.messages)).toContain("input_file");
    expect(fallback!.path).toBe("/v1/chat/completions");
    const fallbackInput = JSON.stringify(fallback!.messages);
    expect(fallbackInput).not.toContain("application/pdf");
    expect(fallbackInput).toContain("Quarterly revenue grew by 12 percent.");
  });
});
