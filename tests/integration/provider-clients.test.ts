import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createXai } from "@ai-sdk/xai";
import { generateText, streamText } from "ai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFailoverReport } from "@/lib/ai/failover-model";
import { generatePlainText } from "@/lib/ai/plain-text-call";
import { TITLE_INSTRUCTIONS } from "@/lib/ai/prompts";
import { MISCONFIGURED_MESSAGE, describeAnswerError, UNAVAILABLE_MESSAGE } from "@/lib/ai/provider-errors";
import { createModelRegistry, type ModelRegistry } from "@/lib/ai/registry";
import { loadConfig } from "@/lib/config";
import { DEFAULT_USAGE, defaultAnswer, type FakeAiServer, startFakeAiServer } from "../support/fake-ai-server";

let fake: FakeAiServer;

beforeAll(async () => {
  fake = await startFakeAiServer();
});

afterAll(async () => {
  await fake?.stop();
});

let logLines: string[] = [];

beforeEach(() => {
  fake.reset();
  logLines = [];
  // Failures are logged for the operator: keep them for assertions instead of the test output.
  vi.spyOn(process.stderr, "write").mockImplementation((line) => {
    logLines.push(String(line));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function registryFor(env: Record<string, string>): ModelRegistry {
  return createModelRegistry(loadConfig({ AI_TIMEOUT_MS: "1000", ...env }, { readDevSecret: () => "a-generated-development-secret" }));
}

const allProviders = () =>
  registryFor({
    XAI_API_KEY: "xai-test-key",
    XAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "sk-test-key",
    OPENAI_BASE_URL: fake.baseURL,
    CUSTOM_AI_BASE_URL: fake.baseURL,
    CUSTOM_AI_API_KEY: "custom-test-key",
    CUSTOM_AI_MODELS: "llama3.1:8b=Llama 3.1 8B,qwen2.5",
  });

async function streamWith(registry: ModelRegistry, modelId: string) {
  const report = createFailoverReport();
  let error: unknown = null;
  const result = streamText({
    model: registry.failoverModel({ modelId, useCase: "chat", report }),
    prompt: "Say hello",
    maxRetries: 0,
    onError: ({ error: streamError }) => {
      error = streamError;
    },
  });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return { deltas, text: deltas.join(""), report, error };
}

describe("the real provider clients against an OpenAI-compatible server", () => {
  it.each([
    { modelId: "xai/grok-4.3", path: "/v1/responses", key: "xai-test-key", providerModel: "grok-4.3" },
    { modelId: "openai/gpt-5.5", path: "/v1/responses", key: "sk-test-key", providerModel: "gpt-5.5" },
    { modelId: "custom/llama3.1:8b", path: "/v1/chat/completions", key: "custom-test-key", providerModel: "llama3.1:8b" },
  ])("streams $modelId word by word through $path with its key", async ({ modelId, path, key, providerModel }) => {
    const { deltas, text, report, error } = await streamWith(allProviders(), modelId);
    expect(error).toBeNull();
    expect(text).toBe(defaultAnswer(providerModel));
    expect(deltas.length).toBeGreaterThan(5);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ path, authorization: `Bearer ${key}`, model: providerModel, stream: true });
    expect(JSON.stringify(fake.requests[0]!.messages)).toContain("Say hello");
    expect(report.answeredBy?.id).toBe(modelId);
    expect(report.usage?.inputTokens.total).toBe(DEFAULT_USAGE.inputTokens);
    expect(report.usage?.outputTokens.total).toBe(DEFAULT_USAGE.outputTokens);
  });

  it.each(["xai/grok-4.20-non-reasoning", "openai/gpt-5.4-nano", "custom/qwen2.5"])(
    "generates a whole answer without streaming with %s",
    async (modelId) => {
      const registry = allProviders();
      const report = createFailoverReport();
      const { text } = await generateText({ model: registry.failoverModel({ modelId, useCase: "title", report }), prompt: "Name this", maxRetries: 0 });
      const providerModel = modelId.split("/")[1]!;
      expect(text).toBe(defaultAnswer(providerModel));
      expect(fake.requests[0]).toMatchObject({ model: providerModel, stream: false });
      expect(report.usage?.outputTokens.total).toBe(DEFAULT_USAGE.outputTokens);
    },
  );
});

describe("a title's request without generateText (lib/ai/plain-text-call.ts)", () => {
  it.each(["xai/grok-4.20-non-reasoning", "openai/gpt-5.4-nano", "custom/qwen2.5"])(
    "sends %s's provider the request generateText sends, headers and body, and gets the same text",
    async (modelId) => {
      const registry = allProviders();
      const prompt = "How do closures work in JavaScript?";
      const viaSdk = await generateText({
        model: registry.failoverModel({ modelId, useCase: "title", report: createFailoverReport() }),
        instructions: TITLE_INSTRUCTIONS,
        prompt,
        maxRetries: 0,
        abortSignal: new AbortController().signal,
      });
      const report = createFailoverReport();
      const text = await generatePlainText({
        model: registry.failoverModel({ modelId, useCase: "title", report }),
        instructions: TITLE_INSTRUCTIONS,
        prompt,
        abortSignal: new AbortController().signal,
      });
      expect(fake.requests).toHaveLength(2);
      const [sdkRequest, ourRequest] = fake.requests;
      expect(ourRequest!.headers["user-agent"]).toMatch(/^ai\/\d/);
      expect(ourRequest!.headers).toEqual(sdkRequest!.headers);
      expect(ourRequest!.body).toStrictEqual(sdkRequest!.body);
      expect(text).toBe(viaSdk.text);
      expect(text).toBe(defaultAnswer(modelId.split("/")[1]!));
      expect(report.answeredBy?.id).toBe(modelId);
      expect(report.usage?.outputTokens.total).toBe(DEFAULT_USAGE.outputTokens);
    },
  );

  it("passes a provider's error through as generateText does without retries", async () => {
    fake.setBehavior("qwen2.5", { kind: "error", status: 400, message: "bad request from the fake" });
    const model = allProviders().languageModel("custom/qwen2.5");
    const call = { instructions: TITLE_INSTRUCTIONS, prompt: "Name this" };
    const sdkError = await generateText({ model, ...call, maxRetries: 0 }).catch((error: unknown) => error);
    const ourError = await generatePlainText({ model, ...call }).catch((error: unknown) => error);
    expect(ourError).toBeInstanceOf(Error);
    expect((ourError as Error).constructor).toBe((sdkError as Error).constructor);
    expect((ourError as Error).message).toBe((sdkError as Error).message);
    expect((ourError as Error).message).toContain("bad request from the fake");
  });
});

describe("models whose provider package loads on their first call", () => {
  // What each SDK itself builds for the model, to compare the registry's lazily loaded models with.
  const sdkModels = () => ({
    "xai/grok-4.3": createXai({ apiKey: "k", baseURL: fake.baseURL }).responses("grok-4.3"),
    "openai/gpt-5.5": createOpenAI({ apiKey: "k", baseURL: fake.baseURL }).responses("gpt-5.5"),
    "custom/llama3.1:8b": createOpenAICompatible({ name: "custom", baseURL: fake.baseURL, includeUsage: true }).chatModel("llama3.1:8b"),
  });

  it.each(["xai/grok-4.3", "openai/gpt-5.5", "custom/llama3.1:8b"] as const)(
    "%s has the SDK model's provider name, model id and supported URLs before and after it loads",
    async (modelId) => {
      const sdk = sdkModels()[modelId];
      const model = allProviders().languageModel(modelId);
      expect({ provider: model.provider, modelId: model.modelId }).toEqual({ provider: sdk.provider, modelId: sdk.modelId });
      expect(await model.supportedUrls).toEqual(await sdk.supportedUrls);
      const { text } = await generateText({ model, prompt: "Say hello", maxRetries: 0 });
      expect(text).toBe(defaultAnswer(sdk.modelId));
      expect({ provider: model.provider, modelId: model.modelId }).toEqual({ provider: sdk.provider, modelId: sdk.modelId });
    },
  );
});

describe("reasoning summaries on the Responses API", () => {
  async function streamParts(modelId: string, registry = allProviders()) {
    const report = createFailoverReport();
    const result = streamText({ model: registry.failoverModel({ modelId, useCase: "chat", report }), prompt: "Why?", maxRetries: 0 });
    let reasoning = "";
    let text = "";
    for await (const part of result.fullStream) {
      if (part.type === "reasoning-delta") reasoning += part.text;
      if (part.type === "text-delta") text += part.text;
    }
    return { reasoning, text };
  }

  it("asks an OpenAI reasoning model for a summary of its reasoning and streams it before the answer", async () => {
    fake.setBehavior("gpt-5.5", { kind: "answer", text: "Because of gravity.", reasoning: "The user asks why; recall physics." });
    const { reasoning, text } = await streamParts("openai/gpt-5.5");
    expect(fake.requests[0]?.body.reasoning).toMatchObject({ summary: "auto" });
    expect(reasoning).toBe("The user asks why; recall physics.");
    expect(text).toBe("Because of gravity.");
  });

  it("streams the reasoning summary xAI sends", async () => {
    fake.setBehavior("grok-4.3", { kind: "answer", text: "Tides.", reasoning: "Moon and sun.", summaryAlways: true });
    const { reasoning, text } = await streamParts("xai/grok-4.3");
    expect(reasoning).toBe("Moon and sun.");
    expect(text).toBe("Tides.");
  });

  it("does not ask a model without reasoning", async () => {
    // A model the catalog does not know is listed without reasoning.
    const registry = registryFor({ OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: fake.baseURL, OPENAI_MODELS: "gpt-4.1-mini" });
    fake.setBehavior("gpt-4.1-mini", { kind: "answer", text: "Fast.", reasoning: "never sent" });
    const { reasoning, text } = await streamParts("openai/gpt-4.1-mini", registry);
    expect((fake.requests[0]?.body.reasoning as { summary?: string } | undefined)?.summary).toBeUndefined();
    expect(reasoning).toBe("");
    expect(text).toBe("Fast.");
  });
});

describe("failover before the first token", () => {
  const customOnly = () => registryFor({ CUSTOM_AI_BASE_URL: fake.baseURL, CUSTOM_AI_MODELS: "first,second,third" });

  it.each([
    { name: "a 500", behavior: { kind: "error", status: 500 } },
    { name: "a 429", behavior: { kind: "error", status: 429 } },
    { name: "a 503", behavior: { kind: "error", status: 503 } },
    { name: "a timeout", behavior: { kind: "hang" } },
    { name: "a dropped connection", behavior: { kind: "answer", dropAfterChunks: 0 } },
    { name: "a malformed chunk", behavior: { kind: "answer", malformedAfterChunks: 0 } },
  ] as const)("moves to the next model after $name", async ({ behavior }) => {
    fake.setBehavior("first", behavior);
    const { text, report, error } = await streamWith(customOnly(), "custom/first");
    expect(error).toBeNull();
    expect(text).toBe(defaultAnswer("second"));
    expect(fake.requests.map((request) => request.model)).toEqual(["first", "second"]);
    expect(report.answeredBy?.id).toBe("custom/second");
    expect(report.failures.map((failure) => failure.modelId)).toEqual(["custom/first"]);
  });

  it("wraps around to models listed before the chosen one", async () => {
    fake.setBehavior("third", { kind: "error", status: 500 });
    const { text } = await streamWith(customOnly(), "custom/third");
    expect(text).toBe(defaultAnswer("first"));
    expect(fake.requests.map((request) => request.model)).toEqual(["third", "first"]);
  });

  it("reports the service unavailable when every model fails", async () => {
    for (const model of ["first", "second", "third"]) fake.setBehavior(model, { kind: "error", status: 500 });
    const { text, error, report } = await streamWith(customOnly(), "custom/first");
    expect(text).toBe("");
    expect(describeAnswerError(error)).toBe(UNAVAILABLE_MESSAGE);
    expect(report.answeredBy).toBeNull();
  });

  it.each([401, 403])("skips the rest of a provider whose key is refused (%i) and says the server is misconfigured", async (status) => {
    for (const model of ["first", "second", "third"]) fake.setBehavior(model, { kind: "error", status });
    const { error } = await streamWith(customOnly(), "custom/first");
    expect(fake.requests.map((request) => request.model)).toEqual(["first"]);
    expect(describeAnswerError(error)).toBe(MISCONFIGURED_MESSAGE);
    const logged = logLines.map((line) => JSON.parse(line) as { level: string; msg: string; model?: string });
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", model: "custom/first", msg: expect.stringContaining("API key") }));
  });

  it("moves to another provider when one provider refuses its key", async () => {
    fake.setBehavior("grok-4.3", { kind: "error", status: 401 });
    fake.setBehavior("grok-4.20-non-reasoning", { kind: "error", status: 401 });
    const { text, report } = await streamWith(allProviders(), "xai/grok-4.3");
    expect(fake.requests.map((request) => request.model)).toEqual(["grok-4.3", "gpt-5.5"]);
    expect(text).toBe(defaultAnswer("gpt-5.5"));
    expect(report.answeredBy?.id).toBe("openai/gpt-5.5");
  });
});

describe("failures after the first token", () => {
  it("ends a stream that stalls for the timeout with an error, keeping what arrived", async () => {
    fake.setBehavior("first", { kind: "answer", text: "one two three", holdAfterChunks: 2 });
    const { text, error, report } = await streamWith(registryFor({ CUSTOM_AI_BASE_URL: fake.baseURL, CUSTOM_AI_MODELS: "first,second" }), "custom/first");
    fake.release();
    expect(text).toBe("one two");
    expect((error as Error | null)?.name).toBe("StreamStalledError");
    expect(fake.requests).toHaveLength(1);
    expect(report.answeredBy?.id).toBe("custom/first");
  });

  it.each(["xai/grok-4.3", "custom/llama3.1:8b"])("keeps the partial answer of %s when the connection drops", async (modelId) => {
    const providerModel = modelId.split("/")[1]!;
    fake.setBehavior(providerModel, { kind: "answer", text: "one two three four five six", dropAfterChunks: 3 });
    const { text, error, report } = await streamWith(allProviders(), modelId);
    expect(text).toBe("one two three");
    expect(error).not.toBeNull();
    expect(fake.requests).toHaveLength(1);
    expect(report.answeredBy?.id).toBe(modelId);
  });
});
