import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeDemoAnswer } from "@/lib/ai/demo-answer";
import { composeDemoTitle } from "@/lib/chat/title";
import {
  chatWithAnswer,
  eventually,
  getChat,
  type Guest,
  messageText,
  newGuest,
  postChat,
  readUIStream,
  type StoredChat,
  userMessage,
} from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";

type TreeMessage = StoredChat["messages"][number] & { metadata: { status?: string; parentId?: string | null } };
type ListedChat = { id: string; title: string; visibility: string; updatedAt: string; snippet?: string | null };

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ DEMO_STREAM_DELAY_MS: "0" });
});

afterAll(async () => {
  await server?.stop();
});

async function treeOf(who: Guest, chatId: string): Promise<TreeMessage[]> {
  const response = await getChat(server.url, who, chatId);
  expect(response.status).toBe(200);
  return ((await response.json()) as StoredChat).messages as TreeMessage[];
}

/** Posts and reads the whole answer, then waits until `answers` answers are saved. */
async function ask(who: Guest, body: Record<string, unknown>, answers: number) {
  const response = await postChat(server.url, who, body);
  expect(response.status).toBe(200);
  const stream = await readUIStream(response);
  const messages = await eventually(async () => {
    const tree = await treeOf(who, body.id as string);
    const done = tree.filter((message) => message.role === "assistant" && message.metadata.status);
    return done.length === answers ? tree : undefined;
  });
  return { stream, messages };
}

function api(path: string, who: Guest | null, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, { ...init, headers: { ...(who ? { cookie: who.cookie } : {}), ...init.headers } });
}

describe("message versions", () => {
  it("files a regenerated answer and an edited message as siblings, and answers from the edited branch", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const first = userMessage("How do tides work?");
    await ask(guest, { id: chatId, message: first, parentId: null }, 1);

    // Regenerate: the same user message again.
    const again = await ask(guest, { id: chatId, message: first, parentId: null }, 2);
    const answers = again.messages.filter((message) => message.role === "assistant");
    expect(answers.map((answer) => answer.metadata.parentId)).toEqual([first.id, first.id]);
    expect(again.messages.filter((message) => message.role === "user")).toHaveLength(1);

    // A follow-up on the second answer, then an edit of the first message.
    const followUp = userMessage("And why two a day?");
    await ask(guest, { id: chatId, message: followUp, parentId: answers[1]!.id }, 3);
    const edited = userMessage("How do waves form?");
    const { stream, messages } = await ask(guest, { id: chatId, message: edited, parentId: null }, 4);
    expect(stream.text).toBe(composeDemoAnswer("How do waves form?"));

    const byId = new Map(messages.map((message) => [message.id, message]));
    expect(byId.get(followUp.id)?.metadata.parentId).toBe(answers[1]!.id);
    expect(byId.get(edited.id)?.metadata.parentId).toBeNull();
    const editedAnswer = messages.filter((message) => message.metadata.parentId === edited.id);
    expect(editedAnswer.map((message) => message.role)).toEqual(["assistant"]);
    expect(messageText(editedAnswer[0]!)).toBe(composeDemoAnswer("How do waves form?"));
  });

  it("appends to the newest message when a client sends no parentId", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    await ask(guest, { id: chatId, message: userMessage("one") }, 1);
    const second = userMessage("two");
    const { messages } = await ask(guest, { id: chatId, message: second }, 2);
    const firstAnswer = messages.find((message) => message.role === "assistant")!;
    expect(messages.find((message) => message.id === second.id)?.metadata.parentId).toBe(firstAnswer.id);
  });

  it("refuses a parent that is not in the chat, and an id that belongs to an answer, saving nothing", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const { messages } = await ask(guest, { id: chatId, message: userMessage("hello") }, 1);
    const answerId = messages.find((message) => message.role === "assistant")!.id;

    const unknownParent = await postChat(server.url, guest, { id: chatId, message: userMessage("x"), parentId: "nope" });
    expect(unknownParent.status).toBe(400);
    expect(await unknownParent.json()).toMatchObject({ error: { code: "bad_request", message: expect.stringContaining("parentId") } });

    const answerAsQuestion = await postChat(server.url, guest, { id: chatId, message: userMessage("x", answerId) });
    expect(answerAsQuestion.status).toBe(409);
    expect(await treeOf(guest, chatId)).toHaveLength(2);
  });
});

describe("refused first messages", () => {
  it("leaves no chat behind when a new chat's first message names a parent that does not exist", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("hello"), parentId: "nope" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request");
    expect((await getChat(server.url, guest, chatId)).status).toBe(404);
    const list = (await (await api("/api/chats", guest)).json()) as { chats: ListedChat[] };
    expect(list.chats.map((chat) => chat.id)).not.toContain(chatId);
  });
});

describe("generated titles", () => {
  it("sends the title in the first answer's stream and saves it", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const text = "Please explain the history of the Roman aqueducts";
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text) });
    const { chunks } = await readUIStream(response);
    const titles = chunks.filter((chunk) => chunk.type === "data-title");
    expect(titles).toEqual([{ type: "data-title", data: { title: composeDemoTitle(text) }, transient: true }]);
    const chat = await eventually(async () => {
      const stored = (await (await getChat(server.url, guest, chatId)).json()) as StoredChat;
      return stored.chat.title === composeDemoTitle(text) ? stored : undefined;
    });
    expect(chat.chat.title).not.toBe(text);

    const second = await postChat(server.url, guest, { id: chatId, message: userMessage("More?") });
    expect((await readUIStream(second)).chunks.some((chunk) => chunk.type === "data-title")).toBe(false);
  });
});

describe("GET /api/chats", () => {
  it("pages through the user's chats newest first and finds them by title and content", async () => {
    const guest = await newGuest(server.url);
    const other = await newGuest(server.url);
    const ids: string[] = [];
    for (const text of ["Plan a trip to Lisbon", "Fix my bicycle chain", "Bake focaccia tonight"]) {
      ids.push(await chatWithAnswer(server.url, guest, text));
    }
    await chatWithAnswer(server.url, other, "Plan a trip to Lisbon as well");

    const first = await api("/api/chats?limit=2", guest);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { chats: ListedChat[]; nextCursor: string | null };
    expect(page1.chats.map((chat) => chat.id)).toEqual([ids[2], ids[1]]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await (await api(`/api/chats?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`, guest)).json()) as {
      chats: ListedChat[];
      nextCursor: string | null;
    };
    expect(page2.chats.map((chat) => chat.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();

    const byTitle = (await (await api("/api/chats?q=LISBON", guest)).json()) as { chats: ListedChat[] };
    expect(byTitle.chats.map((chat) => chat.id)).toEqual([ids[0]]);
    // Only in the demo answer's text, which quotes the message: "chain" is in the title too, "demo model" is not.
    const byContent = (await (await api(`/api/chats?q=${encodeURIComponent("demo model")}`, guest)).json()) as { chats: ListedChat[] };
    expect(byContent.chats).toHaveLength(3);
    expect(byContent.chats[0]!.snippet).toContain("demo model");
  });

  it("answers 400 for a bad limit or cursor and 401 without a session", async () => {
    const guest = await newGuest(server.url);
    for (const query of ["limit=0", "limit=abc", "limit=1000", "cursor=not-a-cursor", "q="]) {
      const response = await api(`/api/chats?${query}`, guest);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe("bad_request");
    }
    expect((await api("/api/chats", null)).status).toBe(401);
  });
});

describe("export and import", () => {
  it("exports Markdown and JSON as downloads, and imports the JSON as a new chat with every version", async () => {
    const guest = await newGuest(server.url);
    const chatId = randomUUID();
    const question = userMessage("What is a monad?");
    await ask(guest, { id: chatId, message: question, parentId: null }, 1);
    await ask(guest, { id: chatId, message: question, parentId: null }, 2);
    const original = await treeOf(guest, chatId);

    const markdown = await api(`/api/chat/${chatId}/export?format=markdown`, guest);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(markdown.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.md"/);
    const md = await markdown.text();
    expect(md).toContain("## You\n\nWhat is a monad?");
    expect(md).toContain(composeDemoAnswer("What is a monad?").split("\n")[2]);
    // Markdown shows the branch on screen: one answer, not both versions.
    expect(md.match(/## Assistant/g)).toHaveLength(1);

    const json = await api(`/api/chat/${chatId}/export?format=json`, guest);
    expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.json"/);
    const exported = (await json.json()) as { format: string; messages: { id: string; parentId: string | null }[] };
    expect(exported.format).toBe("chatbot.chat");
    expect(exported.messages.map((message) => [message.id, message.parentId])).toEqual(
      original.map((message) => [message.id, message.metadata.parentId]),
    );

    const importer = await newGuest(server.url);
    const imported = await api("/api/chats/import", importer, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(exported),
    });
    expect(imported.status).toBe(201);
    const { chat } = (await imported.json()) as { chat: ListedChat };
    expect(chat.id).not.toBe(chatId);
    const copy = await treeOf(importer, chat.id);
    expect(copy.map((message) => [message.id, message.role, message.metadata.parentId, messageText(message)])).toEqual(
      original.map((message) => [message.id, message.role, message.metadata.parentId, messageText(message)]),
    );
    // The importer's copy is theirs alone; the original stays the owner's.
    expect((await getChat(server.url, importer, chatId)).status).toBe(404);
    expect((await api(`/api/chat/${chatId}/export?format=json`, importer)).status).toBe(404);
  });

  it("refuses files that are not sound chat exports with 400, creating nothing", async () => {
    const guest = await newGuest(server.url);
    const valid = {
      format: "chatbot.chat",
      version: 1,
      chat: { title: "T" },
      messages: [{ id: "a", parentId: null, role: "user", parts: [{ type: "text", text: "hi" }] }],
    };
    const bad: [string, unknown][] = [
      ["not an export", { hello: "world" }],
      ["no messages", { ...valid, messages: [] }],
      ["unknown parent", { ...valid, messages: [{ ...valid.messages[0], parentId: "zzz" }] }],
      ["duplicate id", { ...valid, messages: [valid.messages[0], { ...valid.messages[0], parentId: "a" }] }],
      ["file part", { ...valid, messages: [{ ...valid.messages[0], parts: [{ type: "file", url: "x", mediaType: "image/png" }] }] }],
      ["system role", { ...valid, messages: [{ ...valid.messages[0], role: "system" }] }],
    ];
    for (const [name, body] of bad) {
      const response = await api("/api/chats/import", guest, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, name).toBe("bad_request");
    }
    expect(((await (await api("/api/chats", guest)).json()) as { chats: unknown[] }).chats).toEqual([]);
    expect((await api("/api/chat/not-a-uuid/export", guest)).status).toBe(400);
    expect((await api(`/api/chat/${randomUUID()}/export?format=pdf`, guest)).status).toBe(400);
  });
});
