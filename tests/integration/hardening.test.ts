import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPostgresStore, type PostgresStore } from "@/lib/db/drizzle-store";
import { allowedMethodsFor, API_ROUTE_METHODS } from "@/lib/http/api-routes";
import { isDecodablePath } from "@/lib/http/refuse-api-request";
import { toStorableText } from "@/lib/http/user-text";
import {
  chatWithAnswer,
  eventually,
  getChat,
  type Guest,
  newGuest,
  postChat,
  readUIStream,
  signInWithPassword,
  type StoredChat,
  userMessage,
} from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import {
  expectSoundAnswer,
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  mostly,
  nastyCursor,
  nastySegment,
  nastyString,
  nastyText,
  nastyValue,
} from "../support/fuzz";
import { makePdf } from "../support/pdf-writer";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";
import { makeDocx } from "../support/zip-writer";

const PDF = makePdf({ pages: [{ lines: ["Quarterly report"] }, { lines: ["Revenue grew"] }] });
const DOCX = makeDocx(["Board minutes", "Ship it."]);

/** A real document whole, cut short at `at`, or with the byte at `at` replaced by `value`. */
function damaged([bytes, at, value, how]: [Buffer, number, number, "whole" | "cut" | "flip"]): Buffer {
  if (how === "whole") return bytes;
  const index = at % bytes.length;
  if (how === "cut") return bytes.subarray(0, index);
  const copy = Buffer.from(bytes);
  copy[index] = value;
  return copy;
}

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let database: ScratchDatabase;
let store: PostgresStore;
let sql: postgres.Sql;
let uploadDir: string;
let server: AppServer;
let guest: Guest;
/** A chat of the guest's with a question and its answer, and a second chat, for ids that exist. */
let chatId: string;
let messageIds: string[];
let otherChatId: string;
let otherMessageIds: string[];
let modelIds: string[];

beforeAll(async () => {
  console.log(`hardening fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs a property (FUZZ_SEED=${FUZZ_SEED} repeats this run)`);
  database = await createScratchDatabase(inject("postgresUrl"), "hardening");
  store = createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 });
  await store.migrate();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  uploadDir = mkdtempSync(path.join(tmpdir(), "chatbot-hardening-"));
  server = await startAppServer({ POSTGRES_URL: database.url, UPLOAD_DIR: uploadDir, GUEST_MESSAGES_PER_DAY: "1000000" });
  guest = await newGuest(server.url);
  chatId = await chatWithAnswer(server.url, guest, "the fixture chat");
  messageIds = (await storedChat(chatId)).messages.map((message) => message.id);
  otherChatId = await chatWithAnswer(server.url, guest, "another chat");
  otherMessageIds = (await storedChat(otherChatId)).messages.map((message) => message.id);
  const models = (await (await api("/api/models")).json()) as { models: { id: string }[] };
  modelIds = models.models.map((model) => model.id);
});

afterAll(async () => {
  await server?.stop();
  await sql?.end();
  await store?.close();
  await database?.drop();
  if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
});

function api(pathAndQuery: string, init: RequestInit & { who?: Guest | null } = {}): Promise<Response> {
  const { who = guest, headers, ...rest } = init;
  return fetch(`${server.url}${pathAndQuery}`, {
    redirect: "manual",
    ...rest,
    headers: { ...(who ? { cookie: who.cookie } : {}), ...(headers as Record<string, string> | undefined) },
  });
}

async function storedChat(id: string, who: Guest = guest): Promise<StoredChat> {
  const response = await getChat(server.url, who, id);
  expect(response.status).toBe(200);
  return (await response.json()) as StoredChat;
}

/** Everything a request could write, read straight from PostgreSQL: what a refused request must leave as it was. */
async function fingerprint(): Promise<unknown> {
  const [row] = await sql`
    select
      (select count(*) from users)::int as users,
      (select count(*) from accounts)::int as accounts,
      (select count(*) from files)::int as files,
      (select coalesce(md5(string_agg(concat_ws('|', id, user_id, title, visibility, model, updated_at), ',' order by id)), '') from chats) as chats,
      (select coalesce(md5(string_agg(concat_ws('|', chat_id, id, parent_id, status, parts::text), ',' order by chat_id, id)), '') from messages) as messages,
      (select coalesce(md5(string_agg(concat_ws('|', chat_id, message_id, is_upvoted), ',' order by chat_id, message_id)), '') from votes) as votes,
      (select coalesce(md5(string_agg(concat_ws('|', id, chat_id, name), ',' order by id)), '') from files) as file_rows`;
  return row;
}

/** Sends the request; whatever it answers must be sound, and when it refuses, the database must be unchanged. */
async function sendChecked(
  what: string,
  send: () => Promise<Response>,
  method = "GET",
): Promise<{ response: Response; error: Awaited<ReturnType<typeof expectSoundAnswer>> }> {
  const before = await fingerprint();
  const response = await send();
  const error = await expectSoundAnswer(response, what, method);
  if (error) expect(await fingerprint(), `${what} was refused (${error.error.code}) but wrote to the database`).toEqual(before);
  return { response, error };
}

/** A concrete path for a route pattern, each [param] replaced by `id`. */
function concretePath(pattern: string, id: string): string {
  return pattern.replace(/\[\[?\.\.\.[^\]]+\]\]?/, "session").replace(/\[[^\]]+\]/g, id);
}

const jsonBody = (body: unknown) => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

const textPart = fc.record({ type: fc.constant("text"), text: mostly(nastyText, nastyString) });
const anyPart = fc.oneof(
  { weight: 5, arbitrary: textPart },
  {
    weight: 1,
    arbitrary: fc.record(
      { type: fc.constant("file"), url: fc.oneof(fc.uuid().map((id) => `/api/files/${id}`), nastyString), mediaType: nastyValue, filename: nastyValue },
      { requiredKeys: ["type", "url"] },
    ),
  },
  { weight: 1, arbitrary: nastyValue },
);
const reasoningPart = fc.record({ type: fc.constant("reasoning"), text: nastyString });
const importDate = fc.date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2100-01-01") }).map((date) => date.toISOString());

type ImportFile = { messages: { parts: { type: string; text?: string }[] }[] };

/** Every text and reasoning part of an accepted import is stored as sent, in order, through toStorableText. */
async function expectImportedAsSent(response: Response, file: ImportFile): Promise<void> {
  const { chat } = (await response.json()) as { chat: { id: string } };
  const saved = await storedChat(chat.id);
  expect(saved.messages.flatMap((message) => message.parts.map((part) => part.text ?? null))).toEqual(
    file.messages.flatMap((message) => message.parts.map((part) => (part.text === undefined ? null : toStorableText(part.text)))),
  );
}

const validMessageId = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const messageId = fc.oneof(validMessageId, nastyValue);

describe(`fuzz (seed ${FUZZ_SEED})`, () => {
  it("POST /api/chat: never a 5xx, errors in JSON, nothing saved when refused; accepted text is stored as sent, NUL and lone surrogates as U+FFFD", async () => {
    const body = fc.record(
      {
        // "fresh" becomes a new chat id at run time, so a replay while shrinking never lands in an earlier run's chat.
        id: mostly(fc.constant("fresh")),
        message: mostly(
          fc.record({
            id: mostly(validMessageId),
            role: mostly(fc.constant("user")),
            parts: mostly(fc.array(mostly(textPart, anyPart), { minLength: 1, maxLength: 3 })),
          }),
        ),
        model: fc.oneof(fc.constant(undefined), fc.constantFrom(...modelIds), nastyValue),
      },
      { requiredKeys: ["id", "message"] },
    );
    const request = fc.oneof(
      { weight: 8, arbitrary: body.map((value) => ({ value, raw: null, contentType: "application/json" })) },
      {
        weight: 1,
        arbitrary: fc.record({
          value: fc.constant(undefined),
          raw: nastyString,
          contentType: fc.constantFrom("application/json", "text/plain", "", "application/x-www-form-urlencoded"),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ value, raw, contentType }) => {
        const sent = (value && (value as { id: unknown }).id === "fresh" ? { ...value, id: randomUUID() } : value) as { id: string; message: { parts: { text: string }[] } };
        const rawBody = raw ?? JSON.stringify(sent);
        const { response } = await sendChecked("POST /api/chat", () => postChat(server.url, guest, null, { rawBody, contentType }));
        if (response.status !== 200) return;
        expect(response.headers.get("content-type")).toContain("text/event-stream");
        await readUIStream(response);
        const saved = await eventually(async () => {
          const chat = await storedChat(sent.id);
          return chat.messages.some((message) => message.role === "assistant" && message.metadata.status) ? chat : undefined;
        });
        const question = saved.messages.find((message) => message.role === "user")!;
        expect(question.parts.map((part) => part.text)).toEqual(sent.message.parts.map((part) => toStorableText(part.text)));
      }),
      fuzzParameters(),
    );
  });

  it("PATCH, GET and DELETE /api/chat/<id> and its export, stream and votes: sound answers, nothing changed when refused", async () => {
    const ownChat = fc.constant("own");
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant("rename"),
        id: fc.oneof(ownChat, nastySegment),
        body: fc.oneof(
          fc.record(
            { title: nastyValue, visibility: fc.oneof(fc.constantFrom("private", "public"), nastyValue) },
            { requiredKeys: [] },
          ),
          nastyValue,
        ),
      }),
      fc.record({ kind: fc.constant("vote"), id: fc.oneof(ownChat, nastySegment), body: fc.oneof(
        fc.record({ messageId: fc.oneof(fc.constantFrom("known"), messageId), isUpvoted: fc.oneof(fc.boolean(), nastyValue) }, { requiredKeys: [] }),
        nastyValue,
      ) }),
      fc.record({ kind: fc.constantFrom("read", "delete", "stop", "votes", "export"), id: fc.oneof(ownChat, nastySegment), body: nastyString }),
    );
    await fc.assert(
      fc.asyncProperty(operation, async ({ kind, id, body }) => {
        // Deleting the fixture chat would be an accepted request; deletes go to ids of nothing instead.
        const segment = id === "own" && kind !== "delete" ? chatId : id === "own" ? randomUUID() : id;
        const base = `/api/chat/${segment}`;
        const vote = body && typeof body === "object" && "messageId" in body && body.messageId === "known" ? { ...body, messageId: messageIds[1] } : body;
        const requests: Record<string, () => Promise<Response>> = {
          rename: () => api(base, { method: "PATCH", ...jsonBody(body) }),
          vote: () => api(`${base}/votes`, { method: "PUT", ...jsonBody(vote) }),
          read: () => api(base),
          delete: () => api(base, { method: "DELETE" }),
          stop: () => api(`${base}/stream`, { method: "DELETE" }),
          votes: () => api(`${base}/votes`),
          export: () => api(`${base}/export?format=${encodeURIComponent(String(body).toWellFormed())}`),
        };
        const { response } = await sendChecked(`${kind} ${base}`, requests[kind]!);
        if (kind === "rename" && response.status === 200 && body && typeof body === "object" && typeof (body as { title?: unknown }).title === "string") {
          const { chat } = await storedChat(chatId);
          expect(chat.title).toBe(toStorableText((body as { title: string }).title).trim());
        }
      }),
      fuzzParameters(),
    );
  });

  it("GET /api/chats: limits, cursors (impossible dates included) and search queries never cause a 5xx", async () => {
    const query = fc.record({ limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), nastyString), cursor: nastyCursor, q: nastyString }, { requiredKeys: [] });
    const raw = fc.constantFrom("?q=%ZZ", "?cursor=%", "?limit=%00", "?q=%00", "?q=%ED%A0%80", "?limit=1&limit=2&q=a&q=");
    await fc.assert(
      fc.asyncProperty(fc.oneof(query.map((fields) => `?${new URLSearchParams(fields as Record<string, string>)}`), raw), async (search) => {
        const { response } = await sendChecked(`GET /api/chats${search}`, () => api(`/api/chats${search}`));
        if (response.status === 200) expect(await response.json()).toMatchObject({ chats: expect.any(Array) });
      }),
      fuzzParameters(),
    );
  });

  it("POST /api/chats/import: any file, however broken, is imported whole or refused with nothing saved", async () => {
    const importedMessage = fc.record(
      {
        id: mostly(validMessageId),
        parentId: mostly(fc.constant(null), messageId),
        role: mostly(fc.constantFrom("user", "assistant")),
        parts: mostly(fc.array(mostly(fc.oneof(textPart, reasoningPart)), { maxLength: 3 })),
        status: mostly(fc.constantFrom("complete", "stopped", "error")),
        model: mostly(fc.constant(null)),
        createdAt: fc.oneof(
          fc.constantFrom("2024-02-31T00:00:00Z", "0000-01-01T00:00:00Z", "2024-05-01T10:00:00+02:00", "9999-12-31T23:59:59Z"),
          importDate,
          nastyValue,
        ),
      },
      { requiredKeys: ["id", "role", "parts"] },
    );
    const file = fc.record(
      {
        format: mostly(fc.constant("chatbot.chat")),
        version: mostly(fc.constant(1)),
        chat: mostly(fc.record({ title: mostly(nastyString), model: mostly(fc.constant(null)) }, { requiredKeys: [] })),
        messages: mostly(fc.array(importedMessage, { minLength: 1, maxLength: 4 })),
      },
      { requiredKeys: ["format", "version", "chat", "messages"] },
    );
    await fc.assert(
      fc.asyncProperty(file, async (value) => {
        const { response } = await sendChecked("POST /api/chats/import", () => api("/api/chats/import", { method: "POST", ...jsonBody(value) }));
        if (response.status === 201) await expectImportedAsSent(response, value as ImportFile);
      }),
      fuzzParameters(),
    );
  });

  it("POST /api/chats/import: a well-formed file with nasty text is always imported, NUL and lone surrogates as U+FFFD", async () => {
    const file = fc.record({
      format: fc.constant("chatbot.chat"),
      version: fc.constant(1),
      chat: fc.record({ title: nastyString.filter((title) => title.length <= 1_000), model: fc.constant(null) }),
      messages: fc.uniqueArray(
        fc.record({ id: validMessageId, role: fc.constantFrom("user", "assistant"), parts: fc.array(fc.oneof(textPart, reasoningPart), { maxLength: 3 }), createdAt: importDate }),
        { minLength: 1, maxLength: 4, selector: (message) => message.id },
      ),
    });
    await fc.assert(
      fc.asyncProperty(file, async (value) => {
        const response = await api("/api/chats/import", { method: "POST", ...jsonBody(value) });
        expect(response.status, JSON.stringify(await response.clone().text()).slice(0, 300)).toBe(201);
        await expectImportedAsSent(response, value);
      }),
      fuzzParameters(Math.ceil(FUZZ_RUNS / 2)),
    );
  });

  it("POST /api/files: any name and any bytes are kept as an image or a document, or refused with nothing saved", async () => {
    const upload = fc.record({
      name: fc.oneof(nastyString, fc.constantFrom("cat.png", "report.pdf", "minutes.docx", "notes.md", "../../etc/passwd")),
      bytes: fc.oneof(
        fc.constant(PNG),
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
        // Document-ish: real ones, ones cut short or with a byte changed (read in the extraction worker), a PDF or ZIP
        // signature before noise, and text (UTF-8 or not).
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(PDF, DOCX), fc.nat(), fc.nat(255), fc.constantFrom("whole", "cut", "flip")).map(damaged) },
        fc.tuple(fc.constantFrom("%PDF-1.7\n", "PK\u0003\u0004"), fc.uint8Array({ maxLength: 256 })).map(([head, tail]) => Buffer.concat([Buffer.from(head, "latin1"), tail])),
        nastyString.map((text) => Buffer.from(text.toWellFormed(), "utf8")),
      ),
      field: fc.oneof({ weight: 5, arbitrary: fc.constant("file") }, { weight: 1, arbitrary: nastyString }),
      type: fc.constantFrom("image/png", "text/html", "", "application/octet-stream"),
    });
    await fc.assert(
      fc.asyncProperty(upload, async ({ name, bytes, field, type }) => {
        const form = new FormData();
        form.set(field.toWellFormed() || "x", new Blob([new Uint8Array(bytes)], { type }), name.toWellFormed());
        const { response } = await sendChecked("POST /api/files", () => api("/api/files", { method: "POST", body: form }));
        if (response.status !== 201) return;
        const { file } = (await response.json()) as { file: { url: string; name: string; kind: string; charCount: number | null } };
        expect(file.name.isWellFormed() && !file.name.includes("\u0000") && !/[\\/]/.test(file.name)).toBe(true);
        if (file.kind !== "image") expect(file.charCount).toBeGreaterThan(0);
        expect((await api(file.url)).status).toBe(200);
      }),
      fuzzParameters(Math.ceil(FUZZ_RUNS / 2)),
    );
  });

  it("GET /api/files/<id> and /api/share/<id> with any id: 404 or 400 in JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("files", "share"), nastySegment, fc.boolean(), async (kind, segment, signedIn) => {
        const { response } = await sendChecked(`GET /api/${kind}/${segment}`, () => api(`/api/${kind}/${segment}`, { who: signedIn ? guest : null }));
        // `..` and `%2e%2e` are resolved by the URL parser before sending, so those leave the route (and are redirected).
        if (new URL(`/api/${kind}/${segment}`, server.url).pathname.startsWith(`/api/${kind}/`)) expect([400, 404]).toContain(response.status);
      }),
      fuzzParameters(),
    );
  });

  it("wrong methods answer 405 in JSON with the route's Allow header; unknown /api paths 404 in JSON; broken percent-encoding 400", async () => {
    const patterns = Object.keys(API_ROUTE_METHODS);
    // TRACE and CONNECT are not here: fetch refuses to send them.
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "PROPFIND", "MKCOL"];
    const knownRoute = fc.record({ kind: fc.constant("known"), pattern: fc.constantFrom(...patterns), method: fc.constantFrom(...methods) });
    const unknownPath = fc.record({
      kind: fc.constant("unknown"),
      pattern: fc.array(fc.oneof(fc.webSegment(), nastySegment), { minLength: 1, maxLength: 4 }).map((segments) => `/api/${segments.join("/")}`),
      method: fc.constantFrom(...methods),
    });
    const brokenId = fc.record({
      kind: fc.constant("broken"),
      pattern: fc.constantFrom(...patterns.filter((pattern) => pattern.includes("[id]"))),
      method: fc.constantFrom("GET", "PUT", "PATCH", "DELETE"),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(knownRoute, unknownPath, brokenId), fc.constantFrom("%ZZ", "%", "%E0%A4%A", "%C0%AF"), async ({ kind, pattern, method }, broken) => {
        const requested = kind === "known" ? concretePath(pattern, chatId) : kind === "broken" ? concretePath(pattern, broken) : pattern;
        // What the server receives: the URL parser resolves dot segments (`..`, `%2e%2e`) before sending.
        const pathname = new URL(requested, server.url).pathname;
        if (pathname !== "/api" && !pathname.startsWith("/api/")) return;
        if (method === "DELETE" && pathname === `/api/chat/${chatId}`) return; // an accepted delete of the fixture
        const allow = allowedMethodsFor(pathname);
        const isAllowed = allow?.split(", ").includes(method) ?? false;
        if (kind === "known" && isAllowed) return; // served by the route: the other properties fuzz those
        const { response } = await sendChecked(
          `${method} ${pathname}`,
          () => api(pathname, { method, ...(["POST", "PUT", "PATCH"].includes(method) ? jsonBody({}) : {}) }),
          method,
        );
        if (response.status >= 300 && response.status < 400) {
          // Next.js drops a trailing slash with a redirect, on this site.
          expect(new URL(response.headers.get("location")!, server.url).origin).toBe(new URL(server.url).origin);
          return;
        }
        if (!isDecodablePath(pathname)) expect(response.status).toBe(400);
        else if (allow === null) expect(response.status).toBe(404);
        else if (!isAllowed) {
          expect(response.status).toBe(405);
          expect(response.headers.get("allow")).toBe(allow);
        }
      }),
      fuzzParameters(FUZZ_RUNS * 2),
    );
  });

  it("guest entry sends every redirectUrl, however crafted, to a page of this site", async () => {
    const tricks = fc.constantFrom("//evil.com", "/%09/evil.com", "/%0A/evil.com", "/%0D%0A/evil.com", "/%E3%80%82evil.com", "/%E2%80%AEmoc.live", "/.//evil.com", "/%5Cevil.com", "https://evil.com", "/chat/x", "%ZZ");
    const redirectUrl = fc.oneof(tricks.map((raw) => `redirectUrl=${raw}`), nastyString.map((text) => `redirectUrl=${encodeURIComponent(text.toWellFormed())}`), fc.constant(""));
    await fc.assert(
      fc.asyncProperty(redirectUrl, fc.boolean(), async (query, signedIn) => {
        const response = await api(`/api/auth/guest?${query}`, { who: signedIn ? guest : null });
        await expectSoundAnswer(response, `guest entry ?${query.slice(0, 200)}`);
        if (response.status === 431) return; // a 100 KB URL: refused by Node's HTTP parser, see expectSoundAnswer
        expect(response.status, query).toBeGreaterThanOrEqual(300);
        expect(response.status, query).toBeLessThan(400);
        const target = new URL(response.headers.get("location")!, server.url);
        expect(target.origin, query).toBe(new URL(server.url).origin);
        expect(target.pathname.startsWith("//"), query).toBe(false);
      }),
      fuzzParameters(),
    );
  });

  it("the sign-up and sign-in forms (posted without JavaScript) and Auth.js's password callback never answer 5xx, and redirect only here", async () => {
    const forms = { register: await formFields("/register"), login: await formFields("/login") };
    // Mostly well-formed credentials, so that most sign-ups succeed and their redirect is what is tested.
    const email = mostly(fc.stringMatching(/^[a-z0-9]{1,12}@[a-z]{2,8}\.(com|org|net)$/), nastyString);
    const submission = fc.record({
      form: fc.constantFrom<"register" | "login" | "callback">("register", "login", "callback"),
      email,
      password: mostly(fc.constant("a long enough password"), nastyString),
      redirectTo: fc.oneof(
        nastyString,
        fc.constantFrom("//evil.com", "/\t/evil.com", "/\n/evil.com", "/\r\n/evil.com", "/\t\\evil.com", "/\\evil.com", "/.//evil.com", "/%E3%80%82evil.com", "/chat/x"),
      ),
      ip: fc.ipV4(),
    });
    await fc.assert(
      fc.asyncProperty(submission, async ({ form, email, password, redirectTo, ip }) => {
        // One client address per attempt: the sign-in limits (30 per address) would otherwise end the run early.
        const headers = { origin: server.url, "x-forwarded-for": ip };
        const fields = { email: email.toWellFormed(), password: password.toWellFormed(), redirectTo: redirectTo.toWellFormed() };
        const before = await fingerprint();
        const response =
          form === "callback"
            ? await postPasswordCallback(fields, headers)
            : await api(`/${form}`, { method: "POST", who: null, headers, body: toFormData({ ...forms[form], ...fields }) });
        expect(response.status, `${form} ${JSON.stringify(fields)}`).toBeLessThan(500);
        const location = response.headers.get("location");
        if (location) expect(new URL(location, server.url).origin).toBe(new URL(server.url).origin);
        // Only a sign-up that redirected created an account; anything else left the database as it was.
        if (!(form === "register" && response.status === 303)) expect(await fingerprint()).toEqual(before);
      }),
      fuzzParameters(),
    );
  });
});

/** The hidden fields of a page's form, which let it be posted without JavaScript (progressive enhancement). */
async function formFields(page: string): Promise<Record<string, string>> {
  const html = await (await api(page, { who: null })).text();
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields[match[1]!] = (match[2] ?? "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }
  expect(Object.keys(fields).some((name) => name.startsWith("$ACTION"))).toBe(true);
  return fields;
}

function toFormData(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

async function postPasswordCallback(fields: { email: string; password: string; redirectTo: string }, headers: Record<string, string>): Promise<Response> {
  const csrf = await api("/api/auth/csrf", { who: null });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
  return api("/api/auth/callback/password", {
    method: "POST",
    who: null,
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: fields.email, password: fields.password, csrfToken, callbackUrl: fields.redirectTo }),
  });
}

describe("input at the edge, by example", () => {
  it("stores NUL and lone surrogates in a message as U+FFFD, and refuses them in a message id naming the field", async () => {
    const id = randomUUID();
    const response = await postChat(server.url, guest, { id, message: userMessage("a\u0000b\ud800c\udc00") });
    expect(response.status).toBe(200);
    await readUIStream(response);
    const saved = await eventually(async () => {
      const chat = await storedChat(id);
      return chat.messages.length === 2 ? chat : undefined;
    });
    expect(saved.messages[0]!.parts[0]!.text).toBe("a\uFFFDb\uFFFDc\uFFFD");

    const before = await fingerprint();
    const refused = await postChat(server.url, guest, { id: randomUUID(), message: userMessage("hello", "m\u0000") });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^message\.id: /);
    expect(await fingerprint()).toEqual(before);
  });

  it("renames with a NUL as U+FFFD, searches for NUL and surrogates, and refuses a vote on a NUL id", async () => {
    const renamed = await api(`/api/chat/${chatId}`, { method: "PATCH", ...jsonBody({ title: "plan\u0000\ud800" }) });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { title: string }).title).toBe("plan\uFFFD\uFFFD");
    const search = await api(`/api/chats?q=${encodeURIComponent("plan\u0000")}`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as { chats: { id: string }[] }).chats.map((chat) => chat.id)).toContain(chatId);
    const vote = await api(`/api/chat/${chatId}/votes`, { method: "PUT", ...jsonBody({ messageId: "a\u0000", isUpvoted: true }) });
    expect(vote.status).toBe(400);
    expect(((await vote.json()) as { error: { message: string } }).error.message).toMatch(/^messageId: /);
  });

  it.each([
    ["February 31", "2024-02-31T00:00:00.000000Z"],
    ["hour 24", "2024-01-01T24:00:00.000000Z"],
    ["year 0", "0000-01-01T00:00:00.000000Z"],
  ])("answers 400 to a cursor whose date is %s", async (_name, date) => {
    const cursor = Buffer.from(JSON.stringify([date, randomUUID()])).toString("base64url");
    const response = await api(`/api/chats?cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("imports NUL and lone surrogates as U+FFFD, and refuses an impossible date naming the field", async () => {
    const file = (createdAt?: string) => ({
      format: "chatbot.chat",
      version: 1,
      chat: { title: "imported\u0000" },
      messages: [{ id: "q1", role: "user", parts: [{ type: "text", text: "x\u0000y\udfff" }], ...(createdAt ? { createdAt } : {}) }],
    });
    const imported = await api("/api/chats/import", { method: "POST", ...jsonBody(file()) });
    expect(imported.status).toBe(201);
    const { chat } = (await imported.json()) as { chat: { id: string; title: string } };
    expect(chat.title).toBe("imported\uFFFD");
    expect((await storedChat(chat.id)).messages[0]!.parts[0]!.text).toBe("x\uFFFDy\uFFFD");

    const before = await fingerprint();
    const refused = await api("/api/chats/import", { method: "POST", ...jsonBody(file("2024-02-31T00:00:00Z")) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^messages\[0\]\.createdAt: /);
    expect(await fingerprint()).toEqual(before);
  });

  it("answers JSON for broken paths, wrong methods and unknown APIs, and the not-found page for a broken page path", async () => {
    const broken = await api("/api/chat/%ZZ");
    expect(broken.status).toBe(400);
    expect(broken.headers.get("content-type")).toMatch(/^application\/json/);
    const wrongMethod = await api("/api/chat");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("OPTIONS, POST");
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
    const unknown = await api("/api/no-such-thing", { method: "POST", ...jsonBody({}) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const authUnknown = await api("/api/auth/no-such-action");
    expect(authUnknown.status).toBe(400);
    expect(((await authUnknown.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    for (const page of ["/chat/%ZZ", "/share/%E0%A4%A"]) {
      const response = await api(page, { headers: { accept: "text/html" } });
      expect(response.status, page).toBe(404);
      expect(await response.text(), page).toContain("could not be found");
    }
  });
});

describe("sessions of deleted users", () => {
  it("read as no session everywhere: /api/auth/session gives no email and clears the cookie, the API answers 401", async () => {
    const email = `deleted.${randomUUID()}@example.com`;
    const user = await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
    const session = (await signInWithPassword(server.url, email, "a long password"))!;
    const live = await api("/api/auth/session", { who: session });
    expect(((await live.json()) as { user: { email: string } }).user.email).toBe(email);

    await store.deleteUserById({ id: user.id });
    const gone = await api("/api/auth/session", { who: session });
    expect(gone.status).toBe(200);
    const text = await gone.text();
    expect(JSON.parse(text)).toBeNull();
    expect(text).not.toContain(email);
    const cleared = gone.headers.getSetCookie().filter((cookie) => cookie.includes("session-token="));
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((cookie) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie))).toBe(true);
    for (const pathname of ["/api/chats", "/api/models"]) {
      const response = await api(pathname, { who: session });
      expect(response.status, pathname).toBe(401);
    }
  });

  it("cannot send a message: POST /api/chat answers 401 and stores nothing (the user row is read with the turn's context)", async () => {
    const email = `deleted.chat.${randomUUID()}@example.com`;
    const user = await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
    const session = (await signInWithPassword(server.url, email, "a long password"))!;
    await store.deleteUserById({ id: user.id });
    const chatId = randomUUID();
    const response = await postChat(server.url, session, { id: chatId, message: userMessage("are you there?") });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(await store.getChatById({ id: chatId })).toBeNull();
  });
});

describe("POST /api/chat: a refused parentId leaves nothing behind", () => {
  it("writes no chat, message or model change for a parentId that does not exist or belongs to another chat", async () => {
    const parentId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/), fc.constantFrom(...otherMessageIds));
    const target = fc.constantFrom("new chat", "existing chat");
    await fc.assert(
      fc.asyncProperty(parentId, target, fc.constantFrom(...modelIds), async (parent, where, model) => {
        fc.pre(!messageIds.includes(parent));
        const id = where === "new chat" ? randomUUID() : chatId;
        const { response } = await sendChecked(`POST /api/chat (${where}, parentId ${parent})`, () =>
          postChat(server.url, guest, { id, message: userMessage("refused follow-up"), parentId: parent, model }),
        );
        expect(response.status).toBe(400);
      }),
      fuzzParameters(10),
    );
  });
});
