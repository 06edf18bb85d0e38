/**
 * The benchmark's floor: a bare node:http server that answers what the app answers, with nothing in between. It
 * hands out a session cookie at `GET /api/auth/guest`, a fixed model list at `GET /api/models`, and answers `POST /api/chat` with the AI SDK's UI message
 * stream (SSE, same headers and events as the app sends) carrying BENCH_DELTAS text deltas, BENCH_DELTA_INTERVAL_MS
 * apart, the first at once. A request body model `custom/bench-<N>` asks for N deltas instead.
 *
 * Runs under plain Node (type stripping): node bench/servers/floor-server.ts. Prints `listening <port>` when ready.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const port = Number(process.env.BENCH_FLOOR_PORT ?? 0);
const deltaIntervalMs = Number(process.env.BENCH_DELTA_INTERVAL_MS ?? 10);
const defaultDeltas = Number(process.env.BENCH_DELTAS ?? 7);

const STREAM_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  connection: "keep-alive",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
};

const MODELS_JSON = JSON.stringify({
  tier: "guest",
  defaultModelId: "custom/bench-7",
  models: [{ id: "custom/bench-7", label: "Bench 7", description: "", capabilities: { vision: false, reasoning: false, tools: false }, provider: "custom" }],
});

const event = (part: Record<string, unknown>) => `data: ${JSON.stringify(part)}\n\n`;

function streamAnswer(response: ServerResponse, model: string, deltaCount: number): void {
  const messageId = randomUUID();
  const textId = "txt-0";
  response.writeHead(200, STREAM_HEADERS);
  response.write(event({ type: "start", messageId, messageMetadata: { model } }) + event({ type: "start-step" }) + event({ type: "text-start", id: textId }));
  let index = 0;
  const next = () => {
    if (response.destroyed) return;
    response.write(event({ type: "text-delta", id: textId, delta: index === 0 ? "Word" : " word" }));
    index++;
    if (index < deltaCount) {
      setTimeout(next, deltaIntervalMs);
      return;
    }
    response.end(
      event({ type: "text-end", id: textId }) +
        event({ type: "finish-step" }) +
        event({ type: "finish", finishReason: "stop", messageMetadata: { model } }) +
        "data: [DONE]\n\n",
    );
  };
  next();
}

function readJson(request: IncomingMessage, onBody: (body: Record<string, unknown> | null) => void): void {
  const chunks: Buffer[] = [];
  request.on("data", (data: Buffer) => chunks.push(data));
  request.on("end", () => {
    try {
      onBody(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
    } catch {
      onBody(null);
    }
  });
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? "").split("?")[0];
  if (request.method === "GET" && path === "/api/auth/guest") {
    response.writeHead(303, { location: "/", "set-cookie": `authjs.session-token=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax` }).end();
    return;
  }
  if (request.method === "GET" && path === "/api/models") {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(MODELS_JSON);
    return;
  }
  if (request.method === "GET" && path === "/api/health") {
    response.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}');
    return;
  }
  if (request.method !== "POST" || path !== "/api/chat") {
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"Not found."}}');
    return;
  }
  readJson(request, (body) => {
    if (!body || typeof body.id !== "string" || typeof body.message !== "object") {
      response.writeHead(400, { "content-type": "application/json" }).end('{"error":{"code":"bad_request","message":"Bad request."}}');
      return;
    }
    const model = typeof body.model === "string" ? body.model : "custom/bench-7";
    const requested = Number(/^custom\/bench-(\d+)$/.exec(model)?.[1]);
    streamAnswer(response, model, Number.isInteger(requested) && requested > 0 ? requested : defaultDeltas);
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
