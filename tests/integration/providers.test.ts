import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INTERRUPTED_MESSAGE, MISCONFIGURED_MESSAGE, UNAVAILABLE_MESSAGE } from "@/lib/ai/provider-errors";
import {
  eventually,
  getChat,
  type Guest,
  messageText,
  newGuest,
  postChat,
  readUIStream,
  type StoredChat,
  type UIChunk,
  userMessage,
} from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";
import { DEFAULT_USAGE, defaultAnswer, type FakeAiServer, startFakeAiServer } from "../support/fake-ai-server";

type StoredAnswer = StoredChat["messages"][number] & {
  metadata: { status?: string; model?: string };
  usage: { inputTokens: number | null; outputTokens: number | null; costUsd: number } | null;
};

let fake: FakeAiServer;
let server: AppServer;
let guest: Guest;

/** Real providers (PLAYWRIGHT unset), all pointed at the fake server, with quotas and model tiers out of the way. */
function providerEnv(fakeServer: FakeAiServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PLAYWRIGHT: "",
    XAI_API_KEY: "xai-test-key",
    XAI_BASE_URL: fakeServer.baseURL,
    OPENAI_API_KEY: "sk-test-key",
    OPENAI_BASE_URL: fakeServer.baseURL,
    CUSTOM_AI_BASE_URL: fakeServer.baseURL,
    CUSTOM_AI_API_KEY: "custom-test-key",
    CUSTOM_AI_MODELS: "local-a=Local A,local-b=Local B",
    AI_TIMEOUT_MS: "2000",
    GUEST_MODELS: "all",
    GUEST_MESSAGES_PER_DAY: "100000",
    USER_MESSAGES_PER_DAY: "100000",
    API_REQUESTS_PER_MINUTE: "100000",
    GUEST_CREATIONS_PER_IP_PER_HOUR: "100000",
    ...extra,
  };
}

beforeAll(async () => {
  fake = await startFakeAiServer();
  server = await startAppServer(providerEnv(fake));
  guest = await newGuest(server.url);
});

afterAll(async () => {
  await server?.stop();
  await fake?.stop();
});

beforeEach(() => {
  fake.reset();
});

async function storedChat(baseUrl: string, who: Guest, chatId: string) {
  const response = await getChat(baseUrl, who, chatId);
  expect(response.status).toBe(200);
  return (await response.json()) as { chat: StoredChat["chat"]; messages: StoredAnswer[] };
}

function finishedAnswer(chatId: string, baseUrl = server.url, who = guest) {
  return eventually(async () => {
    const { chat, messages } = await storedChat(baseUrl, who, chatId);
    const answer = messages.find((message) => message.role === "assistant");
    return answer?.metadata.status ? { chat, answer } : undefined;
  });
}

const chatRequests = () => fake.requests.filter((request) => request.stream);
const titleRequests = () => fake.requests.filter((request) => !request.stream);
const errorTexts = (chunks: UIChunk[]) => chunks.filter((chunk) => chunk.type === "error").map((chunk) => chunk.errorText);

describe("answers from each provider", () => {
  it.each([
    { model: "xai/grok-4.3", providerModel: "grok-4.3", path: "/v1/responses", key: "xai-test-key", costUsd: 0.00225 },
    { model: "openai/gpt-5.5", providerModel: "gpt-5.5", path: "/v1/responses", key: "sk-test-key", costUsd: 0.015 },
    { model: "custom/local-b", providerModel: "local-b", path: "/v1/chat/completions", key: "custom-test-key", costUsd: 0 },
  ])("streams $model, sending its key and model id, and saves the answer with usage and cost", async (row) => {
    const chatId = randomUUID();
    const text = `Hello ${row.model}, what can you do?`;
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text), model: row.model });
    expect(response.status).toBe(200);
    const { chunks, text: streamed } = await readUIStream(response);
    expect(errorTexts(chunks)).toEqual([]);
    expect(streamed).toBe(defaultAnswer(row.providerModel));

    const [request, ...others] = chatRequests();
    expect(others).toHaveLength(0);
    expect(request).toMatchObject({ path: row.path, authorization: `Bearer ${row.key}`, model: row.providerModel });
    expect(JSON.stringify(request!.messages)).toContain(text);

    const { chat, answer } = await finishedAnswer(chatId);
    expect(chat.model).toBe(row.model);
    expect(answer.metadata).toMatchObject({ status: "complete", model: row.model });
    expect(messageText(answer)).toBe(streamed);
    expect(answer.usage).toEqual({ ...DEFAULT_USAGE, costUsd: row.costUsd });
  });

  it("sends tokens to the browser while the provider is still writing", async () => {
    fake.setBehavior("grok-4.3", { kind: "answer", text: "first second third fourth fifth", holdAfterChunks: 2 });
    const response = await postChat(server.url, guest, { id: randomUUID(), message: userMessage("stream please"), model: "xai/grok-4.3" });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    let deltas = "";
    // The provider is holding after two words: they can only arrive here if they were streamed through.
    while (deltas !== "first second") {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      received += value;
      deltas = received
        .split("\n")
        .filter((line) => line.startsWith("data: {"))
        .map((line) => JSON.parse(line.slice(6)) as UIChunk)
        .filter((chunk) => chunk.type === "text-delta")
        .map((chunk) => chunk.delta)
        .join("");
    }
    fake.release();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value;
    }
    expect(received).toContain('"delta":" fifth"');
  });
});

describe("failover before the first token", () => {
  it.each([
    { name: "a 500", model: "custom/local-a", failing: "local-a", behavior: { kind: "error", status: 500 }, next: "custom/local-b" },
    { name: "a 429", model: "openai/gpt-5.5", failing: "gpt-5.5", behavior: { kind: "error", status: 429 }, next: "openai/gpt-5.4-mini" },
    { name: "a timeout", model: "xai/grok-4.3", failing: "grok-4.3", behavior: { kind: "hang" }, next: "xai/grok-4.20-non-reasoning" },
  ] as const)("answers with the next model after $name from $model", async (row) => {
    fake.setBehavior(row.failing, row.behavior);
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("are you there?"), model: row.model });
    const { chunks, text } = await readUIStream(response);
    const nextProviderModel = row.next.split("/")[1]!;
    expect(errorTexts(chunks)).toEqual([]);
    expect(text).toBe(defaultAnswer(nextProviderModel));
    expect(chatRequests().map((request) => request.model)).toEqual([row.failing, nextProviderModel]);

    const { chat, answer } = await finishedAnswer(chatId);
    expect(chat.model).toBe(row.model);
    expect(answer.metadata).toMatchObject({ status: "complete", model: row.next });
  });

  it("tells the user the provider is misconfigured when every key is refused, and logs it for the operator", async () => {
    for (const model of ["grok-4.3", "gpt-5.5", "local-a"]) fake.setBehavior(model, { kind: "error", status: 401 });
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("hello?"), model: "xai/grok-4.3" });
    const { chunks, text } = await readUIStream(response);
    expect(text).toBe("");
    expect(errorTexts(chunks)).toEqual([MISCONFIGURED_MESSAGE]);
    // One model per provider: a refused key is not tried again with the provider's other models.
    expect(chatRequests().map((request) => request.model)).toEqual(["grok-4.3", "gpt-5.5", "local-a"]);
    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata.status).toBe("error");
    expect(server.output()).toContain("rejected this server's API key");
  });

  it("says the service is unavailable when every model tried fails", async () => {
    for (const model of ["local-a", "local-b", "grok-4.3"]) fake.setBehavior(model, { kind: "error", status: 503 });
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("hello?"), model: "custom/local-a" });
    const { chunks } = await readUIStream(response);
    expect(errorTexts(chunks)).toEqual([UNAVAILABLE_MESSAGE]);
    expect(chatRequests().map((request) => request.model)).toEqual(["local-a", "local-b", "grok-4.3"]);
    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata.status).toBe("error");
    expect(answer.usage).toBeNull();
  });
});

describe("failures after the first token", () => {
  it("keeps the partial answer, marked error, with estimated usage, when the connection drops mid-answer", async () => {
    fake.setBehavior("gpt-5.5", { kind: "answer", text: "one two three four five six", dropAfterChunks: 3 });
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("count"), model: "openai/gpt-5.5" });
    const { chunks, text } = await readUIStream(response);
    expect(text).toBe("one two three");
    expect(errorTexts(chunks)).toEqual([INTERRUPTED_MESSAGE]);
    expect(chatRequests()).toHaveLength(1);

    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata).toMatchObject({ status: "error", model: "openai/gpt-5.5" });
    expect(messageText(answer)).toBe("one two three");
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
    expect(answer.usage?.costUsd).toBeGreaterThan(0);
  });

  it("ends an answer that stalls mid-stream as an error, keeping what arrived", async () => {
    fake.setBehavior("local-b", { kind: "answer", text: "slow and then silent", holdAfterChunks: 2 });
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("stall"), model: "custom/local-b" });
    const { chunks, text } = await readUIStream(response);
    expect(text).toBe("slow and");
    expect(errorTexts(chunks)).toEqual([INTERRUPTED_MESSAGE]);
    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata.status).toBe("error");
    expect(messageText(answer)).toBe("slow and");
    fake.release();
  });

  it("answers a retried message from the history before it", async () => {
    fake.setBehavior("local-a", { kind: "answer", text: "broken answer", dropAfterChunks: 1 });
    const chatId = randomUUID();
    const message = userMessage("please retry me");
    await readUIStream(await postChat(server.url, guest, { id: chatId, message, model: "custom/local-a" }));
    await finishedAnswer(chatId);

    fake.reset();
    const retried = await readUIStream(await postChat(server.url, guest, { id: chatId, message, model: "custom/local-a" }));
    expect(retried.text).toBe(defaultAnswer("local-a"));
    const [request] = chatRequests();
    expect(JSON.stringify(request!.messages)).not.toContain("broken");
    // The retry is still the chat's first answer, so a title job runs beside it: let its request land here rather
    // than in the next test's count.
    await eventually(async () => (titleRequests().length > 0 ? true : undefined));
  });
});

describe("titles", () => {
  it("names a new chat with the cheapest model once the answer has started", async () => {
    fake.setBehavior("local-a", { kind: "answer", text: '"Closures in JavaScript."' });
    const chatId = randomUUID();
    const text = "Can you explain how closures work in JavaScript, with an example?";
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage(text), model: "openai/gpt-5.5" }));

    const { chat } = await eventually(async () => {
      const stored = await storedChat(server.url, guest, chatId);
      return stored.chat.title === "Closures in JavaScript" ? stored : undefined;
    });
    expect(chat.model).toBe("openai/gpt-5.5");
    const [titleRequest, ...more] = titleRequests();
    expect(more).toHaveLength(0);
    expect(titleRequest).toMatchObject({ model: "local-a", path: "/v1/chat/completions" });
    expect(JSON.stringify(titleRequest!.messages)).toContain(text);
    expect(fake.requests.indexOf(titleRequest!)).toBeGreaterThan(fake.requests.indexOf(chatRequests()[0]!));
  });

  it("adds the title's cost to the first answer's (CUSTOM_AI_PRICES prices the custom models)", async () => {
    // 0.1/0.2 dollars per million tokens: cheaper than any catalog model, so local-a writes the title.
    const priced = await startAppServer(providerEnv(fake, { CUSTOM_AI_PRICES: "local-a=0.1/0.2,local-b=0.1/0.2" }));
    try {
      const who = await newGuest(priced.url);
      fake.setBehavior("local-a", { kind: "answer", text: "Tide tables" });
      const chatId = randomUUID();
      await readUIStream(await postChat(priced.url, who, { id: chatId, message: userMessage("Explain tides"), model: "openai/gpt-5.5" }));
      // gpt-5.5's answer costs $0.015; the title 1200 × 0.1 + 300 × 0.2 per million = $0.00018.
      const answer = await eventually(async () => {
        const { answer: saved } = await finishedAnswer(chatId, priced.url, who);
        return saved.usage?.costUsd === 0.01518 ? saved : undefined;
      });
      expect(answer.usage).toEqual({ ...DEFAULT_USAGE, costUsd: 0.01518 });
      expect(titleRequests().map((request) => request.model)).toEqual(["local-a"]);
    } finally {
      await priced.stop();
    }
  });

  it("keeps the first message as the title of a chat whose first answer never started", async () => {
    for (const model of ["grok-4.3", "grok-4.20-non-reasoning", "gpt-5.5"]) fake.setBehavior(model, { kind: "error", status: 500 });
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("An unanswered question"), model: "xai/grok-4.3" }));
    const { chat } = await finishedAnswer(chatId);
    expect(chat.title).toBe("An unanswered question");
    expect(titleRequests()).toHaveLength(0);
  });

  it("does not rename a chat on later messages", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("first"), model: "custom/local-b" }));
    await eventually(async () => (titleRequests().length === 1 ? true : undefined));
    await finishedAnswer(chatId);
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("second"), model: "custom/local-b" }));
    await eventually(async () => ((await storedChat(server.url, guest, chatId)).messages.length === 4 ? true : undefined));
    expect(titleRequests()).toHaveLength(1);
  });
});

describe("health", () => {
  it("reports every configured provider", async () => {
    const response = await fetch(`${server.url}/api/health`);
    const body = (await response.json()) as { features: { ai: Record<string, string> } };
    expect(body.features.ai).toEqual({ xai: "configured", openai: "configured", custom: "configured" });
  });
});

describe("cost caps", () => {
  let capped: AppServer;

  beforeAll(async () => {
    // gpt-5.5 answers cost $0.015 each at the fake server's usage (1200 in, 300 out).
    capped = await startAppServer(
      providerEnv(fake, { GUEST_DAILY_COST_CAP_USD: "0.01", MONTHLY_BUDGET_USD: "0.02", BUDGET_EXCEEDED_ACTION: "cheapest" }),
    );
  });

  afterAll(async () => {
    await capped?.stop();
  });

  async function ask(who: Guest) {
    const chatId = randomUUID();
    const response = await postChat(capped.url, who, { id: chatId, message: userMessage("expensive question"), model: "openai/gpt-5.5" });
    if (response.status !== 200) return { chatId, response, answer: null };
    await readUIStream(response);
    return { chatId, response, answer: (await finishedAnswer(chatId, capped.url, who)).answer };
  }

  it("refuses a guest past the daily cap, then answers with the cheapest model once the monthly budget is spent", async () => {
    const first = await newGuest(capped.url);
    const firstAnswer = await ask(first);
    expect(firstAnswer.answer?.usage?.costUsd).toBe(0.015);

    const refused = await ask(first);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await refused.response.json()) as { error: { code: string; message: string; resetsAt: string } };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.resetsAt).toMatch(/T00:00:00\.000Z$/);
    expect(body.error.message).toMatch(/today's AI usage limit/);

    const second = await ask(await newGuest(capped.url));
    expect(second.answer?.metadata.model).toBe("openai/gpt-5.5");

    // $0.03 spent of a $0.02 budget: the next answer comes from the cheapest chat model.
    fake.reset();
    const third = await ask(await newGuest(capped.url));
    expect(third.response.status).toBe(200);
    expect(third.answer?.metadata.model).toBe("custom/local-a");
    expect(chatRequests().map((request) => request.model)).toEqual(["local-a"]);
  });
});
