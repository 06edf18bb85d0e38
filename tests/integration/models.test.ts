import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { composeDemoAnswer, composeDemoReasoning } from "@/lib/ai/demo-answer";
import { hashPassword } from "@/lib/auth/password";
import { createPostgresStore, type PostgresStore } from "@/lib/db/drizzle-store";
import {
  eventually,
  getChat,
  type Guest,
  messageText,
  newGuest,
  postChat,
  readUIStream,
  signInWithPassword,
  type StoredChat,
  type UIChunk,
  userMessage,
} from "../support/api-client";
import { type AppServer, runAppServerExpectingExit, startAppServer } from "../support/app-server";
import { type FakeAiServer, startFakeAiServer } from "../support/fake-ai-server";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

type StoredAnswer = StoredChat["messages"][number] & { metadata: { status?: string; model?: string } };
type ModelList = { tier: string; defaultModelId: string; models: { id: string; label: string }[] };

async function storedChat(baseUrl: string, who: Guest, chatId: string) {
  const response = await getChat(baseUrl, who, chatId);
  expect(response.status).toBe(200);
  return (await response.json()) as { chat: StoredChat["chat"]; messages: StoredAnswer[] };
}

/** Waits until the chat holds `count` answers, the last no longer being written. */
function answered(baseUrl: string, who: Guest, chatId: string, count = 1) {
  return eventually(async () => {
    const stored = await storedChat(baseUrl, who, chatId);
    const answers = stored.messages.filter((message) => message.role === "assistant");
    return answers.length === count && answers.at(-1)?.metadata.status ? { ...stored, answer: answers.at(-1)! } : undefined;
  });
}

async function listModels(baseUrl: string, who: Guest): Promise<ModelList> {
  const response = await fetch(`${baseUrl}/api/models`, { headers: { cookie: who.cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("no-store");
  return (await response.json()) as ModelList;
}

/** The text the model picker shows in the server-rendered page. */
async function pickerText(baseUrl: string, who: Guest, path: string): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: who.cookie } });
  expect(response.status).toBe(200);
  const html = await response.text();
  const button = /<button[^>]*role="combobox"[^>]*>([\s\S]*?)<\/button>/.exec(html);
  expect(button?.[0]).toContain('aria-label="Model"');
  return (button?.[1] ?? "").replace(/<[^>]+>/g, "").trim();
}

const ofType = (chunks: UIChunk[], type: string) => chunks.filter((chunk) => chunk.type === type);
const reasoningOf = (chunks: UIChunk[]) => ofType(chunks, "reasoning-delta").map((chunk) => chunk.delta).join("");

describe("with the demo models", () => {
  let server: AppServer;
  let guest: Guest;

  beforeAll(async () => {
    server = await startAppServer({ GUEST_MESSAGES_PER_DAY: "1000" });
    guest = await newGuest(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("lists every demo model for a guest, starting new chats on Demo", async () => {
    const list = await listModels(server.url, guest);
    expect(list).toMatchObject({ tier: "guest", defaultModelId: "demo/chat" });
    expect(list.models.map((model) => model.id)).toEqual(["demo/chat", "demo/mini", "demo/reasoning"]);
    expect(await pickerText(server.url, guest, "/")).toBe("Demo");
  });

  it("streams Demo Reasoning's thinking before its answer and saves both", async () => {
    const chatId = randomUUID();
    const text = "Why is the sky blue?";
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text), model: "demo/reasoning" });
    expect(response.status).toBe(200);
    const { chunks, text: streamed } = await readUIStream(response);
    expect(reasoningOf(chunks)).toBe(composeDemoReasoning(text));
    expect(streamed).toBe(composeDemoAnswer(text));
    const types = chunks.map((chunk) => chunk.type);
    expect(types.indexOf("reasoning-end")).toBeLessThan(types.indexOf("text-start"));

    const { chat, answer } = await answered(server.url, guest, chatId);
    expect(chat.model).toBe("demo/reasoning");
    expect(answer.metadata).toMatchObject({ status: "complete", model: "demo/reasoning" });
    const parts = answer.parts.filter((part) => part.type === "reasoning" || part.type === "text");
    expect(parts).toEqual([
      expect.objectContaining({ type: "reasoning", text: composeDemoReasoning(text) }),
      expect.objectContaining({ type: "text", text: composeDemoAnswer(text) }),
    ]);
  });

  it("remembers the model picked last in a chat, and opens the chat page on it", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("first"), model: "demo/chat" }));
    expect((await answered(server.url, guest, chatId, 1)).chat.model).toBe("demo/chat");
    expect(await pickerText(server.url, guest, `/chat/${chatId}`)).toBe("Demo");

    const second = await readUIStream(
      await postChat(server.url, guest, { id: chatId, message: userMessage("second"), model: "demo/reasoning" }),
    );
    expect(reasoningOf(second.chunks)).toBe(composeDemoReasoning("second"));
    const afterSwitch = await answered(server.url, guest, chatId, 2);
    expect(afterSwitch.chat.model).toBe("demo/reasoning");
    expect(afterSwitch.answer.metadata.model).toBe("demo/reasoning");
    expect(await pickerText(server.url, guest, `/chat/${chatId}`)).toBe("Demo Reasoning");

    // A request that names no model goes on with the chat's own.
    const third = await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("third") }));
    expect(reasoningOf(third.chunks)).toBe(composeDemoReasoning("third"));
    expect((await answered(server.url, guest, chatId, 3)).chat.model).toBe("demo/reasoning");
  });

  it("does not let a guest change the model of someone else's chat", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("mine"), model: "demo/chat" }));
    await answered(server.url, guest, chatId);
    const intruder = await newGuest(server.url);
    const response = await postChat(server.url, intruder, { id: chatId, message: userMessage("theirs"), model: "demo/reasoning" });
    expect(response.status).toBe(404);
    expect((await storedChat(server.url, guest, chatId)).chat.model).toBe("demo/chat");
  });
});

describe("with real providers and tiers", () => {
  let fake: FakeAiServer;
  let database: ScratchDatabase;
  let store: PostgresStore;
  let server: AppServer;
  let guest: Guest;
  let member: Guest;

  const providerEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
    PLAYWRIGHT: "",
    POSTGRES_URL: database.url,
    XAI_API_KEY: "xai-test-key",
    XAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "sk-test-key",
    OPENAI_BASE_URL: fake.baseURL,
    CUSTOM_AI_BASE_URL: fake.baseURL,
    CUSTOM_AI_MODELS: "local-a=Local A,local-b=Local B",
    AI_TIMEOUT_MS: "2000",
    GUEST_MESSAGES_PER_DAY: "1000",
    USER_MESSAGES_PER_DAY: "1000",
    ...extra,
  });
  const chatRequests = () => fake.requests.filter((request) => request.stream).map((request) => request.model);
  const GUEST_DEFAULT = ["xai/grok-4.3", "xai/grok-4.20-non-reasoning", "openai/gpt-5.4-nano", "custom/local-a", "custom/local-b"];

  beforeAll(async () => {
    fake = await startFakeAiServer();
    database = await createScratchDatabase(inject("postgresUrl"), "models");
    store = createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 });
    await store.migrate();
    server = await startAppServer(providerEnv());
    guest = await newGuest(server.url);
    const email = `member.${randomUUID()}@example.com`;
    await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
    member = (await signInWithPassword(server.url, email, "a long password"))!;
    expect(member).not.toBeNull();
  });

  afterAll(async () => {
    await server?.stop();
    await store?.close();
    await database?.drop();
    await fake?.stop();
  });

  beforeEach(() => fake.reset());

  it("offers guests each provider's cheapest models and registered users all of them", async () => {
    const forGuest = await listModels(server.url, guest);
    expect(forGuest).toMatchObject({ tier: "guest", defaultModelId: "xai/grok-4.3" });
    expect(forGuest.models.map((model) => model.id)).toEqual(GUEST_DEFAULT);

    const forMember = await listModels(server.url, member);
    expect(forMember.tier).toBe("registered");
    expect(forMember.models.map((model) => model.id)).toEqual([
      "xai/grok-4.3",
      "xai/grok-4.20-non-reasoning",
      "openai/gpt-5.5",
      "openai/gpt-5.4-mini",
      "openai/gpt-5.4-nano",
      "custom/local-a",
      "custom/local-b",
    ]);
  });

  it("sends the guest's page only the models of their tier", async () => {
    const html = await (await fetch(`${server.url}/`, { headers: { cookie: guest.cookie } })).text();
    expect(html).toContain("openai/gpt-5.4-nano");
    expect(html).not.toContain("openai/gpt-5.5");
    expect(html).not.toContain("openai/gpt-5.4-mini");
    const memberHtml = await (await fetch(`${server.url}/`, { headers: { cookie: member.cookie } })).text();
    expect(memberHtml).toContain("openai/gpt-5.5");
  });

  it.each([
    { model: "openai/gpt-5.5", label: "GPT-5.5" },
    { model: "openai/gpt-5.4-mini", label: "GPT-5.4 mini" },
  ])("answers a guest 403 for $model, asking them to sign up, and saves nothing", async ({ model, label }) => {
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("let me in"), model });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toMatch(new RegExp(`^Sign up to use ${label}\\.`));
    expect(chatRequests()).toEqual([]);
    expect((await getChat(server.url, guest, chatId)).status).toBe(404);
    expect(await store.getChatById({ id: chatId })).toBeNull();
    expect(await store.getMessagesByChatId({ chatId })).toEqual([]);
  });

  it("keeps a guest's existing chat as it was when they ask for a model outside their tier", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("hello"), model: "custom/local-a" }));
    await answered(server.url, guest, chatId);
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("now the big one"), model: "openai/gpt-5.5" });
    expect(response.status).toBe(403);
    const { chat, messages } = await storedChat(server.url, guest, chatId);
    expect(chat.model).toBe("custom/local-a");
    expect(messages.map((message) => messageText(message))).not.toContain("now the big one");
  });

  it("lets a registered user use any model and remembers it with the chat", async () => {
    const chatId = randomUUID();
    const response = await postChat(server.url, member, { id: chatId, message: userMessage("big question"), model: "openai/gpt-5.5" });
    expect(response.status).toBe(200);
    await readUIStream(response);
    const { chat, answer } = await answered(server.url, member, chatId);
    expect(chat.model).toBe("openai/gpt-5.5");
    expect(answer.metadata.model).toBe("openai/gpt-5.5");
    expect(chatRequests()).toEqual(["gpt-5.5"]);
  });

  it.each([
    { who: "guest", next: "gpt-5.4-nano" },
    { who: "registered user", next: "gpt-5.5" },
  ])("fails over within the $who's tier", async ({ who, next }) => {
    fake.setBehavior("grok-4.20-non-reasoning", { kind: "error", status: 500 });
    const session = who === "guest" ? guest : member;
    const chatId = randomUUID();
    const response = await postChat(server.url, session, {
      id: chatId,
      message: userMessage("are you there?"),
      model: "xai/grok-4.20-non-reasoning",
    });
    await readUIStream(response);
    expect(chatRequests()).toEqual(["grok-4.20-non-reasoning", next]);
    const { answer } = await answered(server.url, session, chatId);
    expect(answer.metadata.model).toBe(`openai/${next}`);
  });

  it("shows and saves the reasoning an OpenAI-compatible server streams", async () => {
    fake.setBehavior("local-b", { kind: "answer", text: "Forty-two.", reasoning: "Let me count carefully first." });
    const chatId = randomUUID();
    const { chunks, text } = await readUIStream(
      await postChat(server.url, guest, { id: chatId, message: userMessage("the answer?"), model: "custom/local-b" }),
    );
    expect(reasoningOf(chunks)).toBe("Let me count carefully first.");
    expect(text).toBe("Forty-two.");
    const { answer } = await answered(server.url, guest, chatId);
    expect(answer.parts).toContainEqual(expect.objectContaining({ type: "reasoning", text: "Let me count carefully first." }));
  });

  it("applies GUEST_MODELS, and refuses to boot when it names a model no provider serves", async () => {
    const limited = await startAppServer(providerEnv({ GUEST_MODELS: "custom/local-b, openai/gpt-5.5" }));
    try {
      const visitor = await newGuest(limited.url);
      const list = await listModels(limited.url, visitor);
      expect(list.models.map((model) => model.id)).toEqual(["openai/gpt-5.5", "custom/local-b"]);
      expect(list.defaultModelId).toBe("openai/gpt-5.5");
      const response = await postChat(limited.url, visitor, { id: randomUUID(), message: userMessage("hi"), model: "xai/grok-4.3" });
      expect(response.status).toBe(403);
    } finally {
      await limited.stop();
    }

    const { code, output } = await runAppServerExpectingExit({
      AUTH_SECRET: "x".repeat(32),
      XAI_API_KEY: "xai-test-key",
      GUEST_MODELS: "openai/gpt-5.4-nano",
    });
    expect(code).toBe(1);
    expect(output).toContain('chatbot: Invalid environment variable GUEST_MODELS: "openai/gpt-5.4-nano" is not a chat model this server serves');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
