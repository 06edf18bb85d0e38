import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { freePort } from "./free-port";

/**
 * A local stand-in for xAI, OpenAI and any OpenAI-compatible server, speaking what the real AI SDK clients call:
 * the Responses API (`POST /v1/responses`, used by @ai-sdk/openai and @ai-sdk/xai) and Chat Completions
 * (`POST /v1/chat/completions`, used by @ai-sdk/openai-compatible), streamed (SSE) or not. It records every
 * request, and each model can be told how to behave.
 */

export type FakeUsage = { inputTokens: number; outputTokens: number };

export type FakeBehavior =
  | {
      kind: "answer";
      /** The whole answer; streamed word by word. */
      text?: string;
      /**
       * Reasoning streamed word by word before the answer: Chat Completions `reasoning_content` (as vLLM and Ollama
       * send), or on the Responses API a reasoning summary, sent only when the request asks for one
       * (`reasoning.summary`), as OpenAI does, or always (`summaryAlways`, as a server that decides for itself).
       */
      reasoning?: string;
      summaryAlways?: boolean;
      /** Pause before each chunk after the first. */
      chunkDelayMs?: number;
      usage?: FakeUsage;
      /** Destroy the connection after this many text chunks. */
      dropAfterChunks?: number;
      /** Send a chunk that is not JSON after this many text chunks (0: before any text). */
      malformedAfterChunks?: number;
      /** Stop after this many text chunks until release() is called. */
      holdAfterChunks?: number;
    }
  | { kind: "error"; status: number; message?: string }
  /** Accept the request and never answer. */
  | { kind: "hang" };

export type RecordedRequest = {
  path: string;
  authorization: string | undefined;
  /** Every header as received (Node's lower-cased names). */
  headers: Record<string, string | string[] | undefined>;
  model: string;
  stream: boolean;
  /** `messages` (Chat Completions) or `input` (Responses), as sent. */
  messages: unknown;
  instructions: unknown;
  body: Record<string, unknown>;
};

export type FakeAiServer = {
  /** Base URL to give a client, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  /** How requests for this model are answered from now on. */
  setBehavior(model: string, behavior: FakeBehavior): void;
  /** Lets answers held by `holdAfterChunks` go on. */
  release(): void;
  /** Forget behaviors and recorded requests. */
  reset(): void;
  stop(): Promise<void>;
};

export const DEFAULT_USAGE: FakeUsage = { inputTokens: 1200, outputTokens: 300 };

export function defaultAnswer(model: string): string {
  return `This is ${model} answering from the fake server, one word at a time.`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function splitWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

type Api = "responses" | "chat";

export async function startFakeAiServer(): Promise<FakeAiServer> {
  const behaviors = new Map<string, FakeBehavior>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let releaseHeld: () => void = () => undefined;
  let held = Promise.resolve();
  const hold = () => {
    held = new Promise<void>((resolve) => (releaseHeld = resolve));
  };
  let sequence = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "").split("?")[0] ?? "";
    const api: Api | null = path === "/v1/responses" ? "responses" : path === "/v1/chat/completions" ? "chat" : null;
    if (request.method !== "POST" || !api) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = await readBody(request);
    const model = String(body.model ?? "");
    const stream = body.stream === true;
    requests.push({
      path,
      authorization: request.headers.authorization,
      headers: { ...request.headers },
      model,
      stream,
      messages: api === "chat" ? body.messages : body.input,
      instructions: body.instructions,
      body,
    });

    const behavior = behaviors.get(model) ?? { kind: "answer" };
    if (behavior.kind === "hang") return;
    if (behavior.kind === "error") {
      response.writeHead(behavior.status, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error: { message: behavior.message ?? `fake error ${behavior.status}`, type: "fake_error", code: String(behavior.status) },
        }),
      );
      return;
    }

    const text = behavior.text ?? defaultAnswer(model);
    const usage = behavior.usage ?? DEFAULT_USAGE;
    const id = `fake_${++sequence}`;
    if (!stream) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(api === "chat" ? chatCompletion(id, model, text, usage) : responsesObject(id, model, text, usage)));
      return;
    }

    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (data: unknown) => response.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    const summaryAsked = typeof (body.reasoning as { summary?: unknown } | undefined)?.summary === "string";
    const frames =
      api === "chat"
        ? chatFrames(id, model, text, usage, behavior.reasoning)
        : responsesFrames(id, model, text, usage, summaryAsked || behavior.summaryAlways ? behavior.reasoning : undefined);

    let textChunks = 0;
    for (const frame of frames.head) send(frame);
    for (const [index, delta] of frames.deltas.entries()) {
      if (behavior.malformedAfterChunks === textChunks) send("{this is not json");
      if (behavior.holdAfterChunks === textChunks) await held;
      if (behavior.dropAfterChunks === textChunks) {
        // Let what was written reach the client first, as a real connection that breaks mid-answer would.
        await new Promise((resolve) => response.write("", resolve));
        await sleep(50);
        response.socket?.destroy();
        return;
      }
      if (index > 0 && behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
      if (response.destroyed) return;
      send(delta);
      textChunks++;
    }
    for (const frame of frames.tail) send(frame);
    response.end();
  }

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehavior(model, behavior) {
      if (behavior.kind === "answer" && behavior.holdAfterChunks !== undefined) hold();
      behaviors.set(model, behavior);
    },
    release: () => releaseHeld(),
    reset() {
      releaseHeld();
      behaviors.clear();
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Frames = { head: unknown[]; deltas: unknown[]; tail: unknown[] };

function messageItem(id: string, text: string, done: boolean) {
  return {
    type: "message",
    id: `msg_${id}`,
    role: "assistant",
    status: done ? "completed" : "in_progress",
    content: done ? [{ type: "output_text", text, annotations: [] }] : [],
  };
}

function responsesUsage(usage: FakeUsage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

function responsesObject(id: string, model: string, text: string, usage: FakeUsage | null, status = "completed") {
  return {
    id: `resp_${id}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    model,
    status,
    output: status === "completed" ? [messageItem(id, text, true)] : [],
    incomplete_details: null,
    ...(usage ? { usage: responsesUsage(usage) } : {}),
  };
}

/** The Responses API stream in the shape both OpenAI's and xAI's parsers accept. */
function responsesFrames(id: string, model: string, text: string, usage: FakeUsage, reasoning?: string): Frames {
  let sequence = 0;
  const frame = (value: Record<string, unknown>) => ({ ...value, sequence_number: sequence++ });
  const itemId = `msg_${id}`;
  const reasoningId = `rs_${id}`;
  const summary = (done: boolean) => ({ type: "summary_text", text: done ? (reasoning ?? "") : "" });
  const reasoningItem = (done: boolean) => ({
    type: "reasoning",
    id: reasoningId,
    summary: done ? [summary(true)] : [],
    status: done ? "completed" : "in_progress",
    encrypted_content: null,
  });
  const inSummary = { item_id: reasoningId, output_index: 0, summary_index: 0 };
  const reasoningFrames = reasoning
    ? [
        frame({ type: "response.output_item.added", output_index: 0, item: reasoningItem(false) }),
        frame({ type: "response.reasoning_summary_part.added", ...inSummary, part: summary(false) }),
        ...splitWords(reasoning).map((delta) => frame({ type: "response.reasoning_summary_text.delta", ...inSummary, delta })),
        frame({ type: "response.reasoning_summary_text.done", ...inSummary, text: reasoning }),
        frame({ type: "response.reasoning_summary_part.done", ...inSummary, part: summary(true) }),
        frame({ type: "response.output_item.done", output_index: 0, item: reasoningItem(true) }),
      ]
    : [];
  const outputIndex = reasoning ? 1 : 0;
  return {
    head: [
      frame({ type: "response.created", response: responsesObject(id, model, text, null, "in_progress") }),
      frame({ type: "response.in_progress", response: responsesObject(id, model, text, null, "in_progress") }),
      ...reasoningFrames,
      frame({ type: "response.output_item.added", output_index: outputIndex, item: messageItem(id, text, false) }),
    ],
    deltas: splitWords(text).map((delta) =>
      frame({ type: "response.output_text.delta", item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] }),
    ),
    tail: [
      frame({ type: "response.output_text.done", item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] }),
      frame({ type: "response.output_item.done", output_index: outputIndex, item: messageItem(id, text, true) }),
      frame({ type: "response.completed", response: responsesObject(id, model, text, usage) }),
    ],
  };
}

function chatCompletion(id: string, model: string, text: string, usage: FakeUsage) {
  return {
    id: `chatcmpl_${id}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
  };
}

/** Chat Completions chunks, ending with the usage chunk that `stream_options.include_usage` asks for. */
function chatFrames(id: string, model: string, text: string, usage: FakeUsage, reasoning = ""): Frames {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: `chatcmpl_${id}`,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  return {
    head: [chunk({ role: "assistant", content: "" }), ...splitWords(reasoning).map((delta) => chunk({ reasoning_content: delta }))],
    deltas: splitWords(text).map((content) => chunk({ content })),
    tail: [
      chunk({}, "stop"),
      {
        id: `chatcmpl_${id}`,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [],
        usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
      },
      "[DONE]",
    ],
  };
}
