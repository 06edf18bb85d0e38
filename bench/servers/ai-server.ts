/**
 * The benchmark's AI provider: an OpenAI-compatible Chat Completions endpoint (`POST /v1/chat/completions`), as the
 * app's `custom` provider reads it through @ai-sdk/openai-compatible. A model named `bench-<N>` streams N text
 * deltas, BENCH_DELTA_INTERVAL_MS apart (0: one event-loop turn apart), the first at once; a request without `stream` (the title job) gets a short
 * answer in one JSON body. Frames are serialised once per model, so this process costs little beside the app.
 *
 * Runs under plain Node (type stripping): node bench/servers/ai-server.ts. Prints `listening <port>` when ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const port = Number(process.env.BENCH_AI_PORT ?? 0);
const deltaIntervalMs = Number(process.env.BENCH_DELTA_INTERVAL_MS ?? 10);

type Frames = { head: string; deltas: string[]; tail: string };

const framesByModel = new Map<string, Frames>();

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null): string {
  const body = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function framesFor(model: string): Frames {
  let frames = framesByModel.get(model);
  if (frames) return frames;
  const count = Number(/^bench-(\d+)$/.exec(model)?.[1] ?? 7);
  const usage = { prompt_tokens: 40, completion_tokens: count, total_tokens: 40 + count };
  frames = {
    head: chunk(model, { role: "assistant", content: "" }),
    deltas: Array.from({ length: count }, (_, index) => chunk(model, { content: index === 0 ? "Word" : " word" })),
    tail:
      chunk(model, {}, "stop") +
      `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model, choices: [], usage })}\n\n` +
      "data: [DONE]\n\n",
  };
  framesByModel.set(model, frames);
  return frames;
}

function answerInOneBody(response: ServerResponse, model: string): void {
  const body = {
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: "Benchmark chat" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 40, completion_tokens: 2, total_tokens: 42 },
  };
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function stream(response: ServerResponse, frames: Frames): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.write(frames.head);
  let index = 0;
  const next = () => {
    if (response.destroyed) return;
    response.write(frames.deltas[index++]!);
    // 0: each delta in a write of its own, as fast as the event loop turns.
    if (index < frames.deltas.length) {
      if (deltaIntervalMs > 0) setTimeout(next, deltaIntervalMs);
      else setImmediate(next);
    }
    else response.end(frames.tail);
  };
  if (frames.deltas.length === 0) response.end(frames.tail);
  else next();
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (data: Buffer) => chunks.push(data));
  request.on("end", () => {
    let body: { model?: unknown; stream?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body;
    } catch {
      response.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"bad json"}}');
      return;
    }
    const model = String(body.model ?? "");
    if (body.stream === true) stream(response, framesFor(model));
    else answerInOneBody(response, model);
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
