import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type FakeBehavior, startFakeAiServer } from "./fake-ai-server";

/**
 * The fake AI server (tests/support/fake-ai-server.ts) as a process of its own, for Playwright's webServer list
 * (playwright.config.ts). The fake picks a free port itself; this process listens on the fixed FAKE_AI_PORT and
 * passes every request through to it, so the app can be given a fixed CUSTOM_AI_BASE_URL.
 *
 * Each model of the custom provider behaves in one fixed way (CUSTOM_AI_MODELS in playwright.config.ts lists them):
 * - fake-ok     answers in full, word by word;
 * - fake-held   stops after a few words until POST /control/release (POST /control/hold arms the hold again);
 * - fake-drops  breaks the connection mid-answer;
 * - fake-fails  answers 500 before its first token, so the app moves on to the next model.
 * GET /control/health answers 200 once the fake is up; GET /control/requests lists the model of every request.
 * tests/e2e/providers.spec.ts expects these answers word for word.
 */

const FAKE_AI_ANSWERS = {
  "fake-ok": "Fake OK streams this answer in full, one word at a time.",
  "fake-held": "Fake Held starts this answer, waits to be released, then finishes it.",
  "fake-drops": "Fake Drops begins an answer and then the connection breaks before the end.",
} as const;

/** The words fake-held sends before it holds, and fake-drops before the connection breaks. */
const HELD_AFTER_CHUNKS = 4;
const DROPPED_AFTER_CHUNKS = 4;

const heldBehavior: FakeBehavior = { kind: "answer", text: FAKE_AI_ANSWERS["fake-held"], holdAfterChunks: HELD_AFTER_CHUNKS };

async function main(): Promise<void> {
  const port = Number(process.env.FAKE_AI_PORT ?? 3212);
  const fake = await startFakeAiServer();
  fake.setBehavior("fake-ok", { kind: "answer", text: FAKE_AI_ANSWERS["fake-ok"], chunkDelayMs: 20 });
  fake.setBehavior("fake-held", heldBehavior);
  fake.setBehavior("fake-drops", { kind: "answer", text: FAKE_AI_ANSWERS["fake-drops"], dropAfterChunks: DROPPED_AFTER_CHUNKS });
  fake.setBehavior("fake-fails", { kind: "error", status: 500, message: "fake-fails always fails" });
  const upstream = new URL(fake.baseURL);

  const json = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  function control(path: string, method: string, response: ServerResponse): void {
    if (method === "GET" && path === "/control/health") return json(response, 200, { ok: true });
    if (method === "GET" && path === "/control/requests") {
      return json(response, 200, fake.requests.map((request) => ({ path: request.path, model: request.model, stream: request.stream })));
    }
    if (method === "POST" && path === "/control/hold") {
      // Setting a holding behaviour arms a new hold: the next fake-held answer stops again until released.
      fake.setBehavior("fake-held", heldBehavior);
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/control/release") {
      fake.release();
      return json(response, 200, { ok: true });
    }
    json(response, 404, { error: { message: "unknown control endpoint" } });
  }

  /** Passes a request through to the fake, breaking the client's connection when the fake breaks its own. */
  function forward(request: IncomingMessage, response: ServerResponse): void {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: upstream.host },
      },
      (incoming) => {
        response.writeHead(incoming.statusCode ?? 502, incoming.headers);
        incoming.on("data", (chunk: Buffer) => response.write(chunk));
        incoming.on("end", () => (incoming.complete ? response.end() : response.destroy()));
        incoming.on("aborted", () => response.destroy());
        incoming.on("error", () => response.destroy());
      },
    );
    outgoing.on("error", () => (response.headersSent ? response.destroy() : json(response, 502, { error: { message: "fake unreachable" } })));
    // The app gave up (Stop, timeout): end the fake's side too.
    response.on("close", () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    request.pipe(outgoing);
  }

  const sockets = new Set<Socket>();
  const proxy = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    if (path.startsWith("/control/")) {
      request.resume();
      control(path, request.method ?? "GET", response);
      return;
    }
    forward(request, response);
  });
  proxy.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
  console.log(`fake AI server on http://127.0.0.1:${port}/v1`);

  const stop = () => {
    for (const socket of sockets) socket.destroy();
    proxy.close();
    void fake.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
