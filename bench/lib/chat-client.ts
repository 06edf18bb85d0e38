import { randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { UiStreamReader } from "./ui-stream";

/** One chat as the client saw it. Times in milliseconds from the moment the request was started. */
export type ChatTiming = {
  ok: boolean;
  firstTokenMs: number | null;
  totalMs: number;
  textDeltas: number;
  /** Why the chat failed (status, stream error, missing deltas). */
  failure: string | null;
};

/** What a browser's fetch sends: a server that compresses answers pays for it here as it does for real users. */
export const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd";

/** The response body as text, decompressed as a browser would. */
export function decodedBody(response: http.IncomingMessage): Readable {
  const encoding = response.headers["content-encoding"];
  if (!encoding || encoding === "identity") return response;
  const decoder =
    encoding === "gzip" ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH })
    : encoding === "deflate" ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH })
    : encoding === "br" ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH })
    : null;
  if (!decoder) throw new Error(`unsupported Content-Encoding: ${encoding}`);
  response.on("error", (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/** Keeps connections open between chats, as a browser does; no limit on sockets so lanes never queue in the client. */
export function createAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 10_000 });
}

/** Starts a guest session (GET /api/auth/guest) and returns its Cookie header value. */
export function createGuestSession(agent: http.Agent, baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/auth/guest?redirectUrl=%2F`, { agent, headers: { accept: "text/html" } }, (response) => {
      response.resume();
      const cookies = (response.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]!).filter(Boolean);
      response.on("end", () => {
        const session = cookies.find((cookie) => cookie.includes("session-token"));
        if ((response.statusCode ?? 0) >= 400 || !session) {
          reject(new Error(`guest session: status ${response.statusCode}, cookies ${cookies.join(", ") || "none"}`));
          return;
        }
        resolve(cookies.join("; "));
      });
    });
    request.on("error", reject);
  });
}

export type ChatRequest = {
  agent: http.Agent;
  baseUrl: string;
  cookie: string;
  /** `custom/bench-<N>`: the benchmark's AI server streams N deltas. */
  model: string;
  expectedDeltas: number;
};

/** Sends a new chat's first message and reads the answer stream to its end. Never rejects: failures are reported. */
export function sendNewChat(input: ChatRequest): Promise<ChatTiming> {
  const body = JSON.stringify({
    id: randomUUID(),
    message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "Hello, benchmark." }] },
    model: input.model,
  });
  const started = performance.now();
  return new Promise((resolve) => {
    let firstTokenMs: number | null = null;
    let settled = false;
    const finish = (failure: string | null, textDeltas: number) => {
      if (settled) return;
      settled = true;
      resolve({ ok: failure === null, firstTokenMs, totalMs: performance.now() - started, textDeltas, failure });
    };
    const request = http.request(
      `${input.baseUrl}/api/chat`,
      {
        method: "POST",
        agent: input.agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          origin: input.baseUrl,
          cookie: input.cookie,
          "accept-encoding": BROWSER_ACCEPT_ENCODING,
        },
      },
      (response) => {
        const reader = new UiStreamReader();
        let body: Readable;
        try {
          body = decodedBody(response);
        } catch (error) {
          response.resume();
          finish(error instanceof Error ? error.message : String(error), 0);
          return;
        }
        body.setEncoding("utf8");
        if (response.statusCode !== 200) {
          let text = "";
          body.on("data", (chunk: string) => (text += chunk));
          body.on("end", () => finish(`status ${response.statusCode}: ${text.slice(0, 200)}`, 0));
          return;
        }
        body.on("data", (chunk: string) => {
          if (reader.push(chunk) > 0 && firstTokenMs === null) firstTokenMs = performance.now() - started;
        });
        body.on("end", () => {
          const { summary } = reader;
          if (summary.error) finish(`stream error: ${summary.error}`, summary.textDeltas);
          else if (!summary.finished || !summary.done) finish("stream ended without finish", summary.textDeltas);
          else if (summary.textDeltas !== input.expectedDeltas) {
            finish(`${summary.textDeltas} text deltas, expected ${input.expectedDeltas}`, summary.textDeltas);
          } else finish(null, summary.textDeltas);
        });
        body.on("error", (error) => finish(`response: ${error.message}`, reader.summary.textDeltas));
      },
    );
    request.on("error", (error) => finish(`request: ${error.message}`, 0));
    request.end(body);
  });
}
