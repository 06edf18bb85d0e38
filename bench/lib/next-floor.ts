import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./processes";

/**
 * A second floor: the smallest Next.js app that answers what ours answers (the same guest cookie, model list and UI
 * message stream), built with the same Next.js, so the difference to the bare node:http floor is what Next.js itself
 * costs per request, and the difference to ours is what our code costs. `/api/bare/*` is outside its proxy's matcher,
 * so the proxy's own cost shows as well. Built once into the temp directory and reused while Next.js is unchanged.
 */
const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "chatbot-bench-next-floor", private: true }),
  "next.config.ts": "export default { poweredByHeader: false };\n",
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["dom", "esnext"],
      strict: true,
      noEmit: true,
      module: "esnext",
      moduleResolution: "bundler",
      jsx: "react-jsx",
      isolatedModules: true,
      skipLibCheck: true,
      plugins: [{ name: "next" }],
      paths: { "@/*": ["./*"] },
    },
    include: ["**/*.ts", "**/*.tsx"],
  }),
  "proxy.ts": `import { NextResponse, type NextRequest } from "next/server";
export function proxy(_request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  return response;
}
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|api/bare).*)"] };
`,
  "lib/answer.ts": `const STREAM_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
};
const event = (part: unknown) => "data: " + JSON.stringify(part) + "\\n\\n";
export const MODELS = { tier: "guest", defaultModelId: "custom/bench-7", models: [{ id: "custom/bench-7", label: "Bench 7", description: "", capabilities: { vision: false, reasoning: false, tools: false }, provider: "custom" }] };
export function guest(): Response {
  return new Response(null, { status: 303, headers: { location: "/", "set-cookie": "authjs.session-token=" + crypto.randomUUID() + "; Path=/; HttpOnly; SameSite=Lax" } });
}
export async function answer(request: Request): Promise<Response> {
  const body = (await request.json()) as { id?: unknown; model?: unknown };
  if (typeof body.id !== "string") return Response.json({ error: { code: "bad_request", message: "Bad request." } }, { status: 400 });
  const model = typeof body.model === "string" ? body.model : "custom/bench-7";
  const deltas = Number(/^custom\\/bench-(\\d+)$/.exec(model)?.[1] ?? 7);
  const encoder = new TextEncoder();
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(event({ type: "start", messageId: crypto.randomUUID(), messageMetadata: { model } }) + event({ type: "start-step" }) + event({ type: "text-start", id: "txt-0" })));
      const next = () => {
        controller.enqueue(encoder.encode(event({ type: "text-delta", id: "txt-0", delta: index === 0 ? "Word" : " word" })));
        index++;
        if (index < deltas) {
          timer = setTimeout(next, 10);
          return;
        }
        controller.enqueue(encoder.encode(event({ type: "text-end", id: "txt-0" }) + event({ type: "finish-step" }) + event({ type: "finish", finishReason: "stop", messageMetadata: { model } }) + "data: [DONE]\\n\\n"));
        controller.close();
      };
      next();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(stream, { headers: STREAM_HEADERS });
}
`,
  "app/api/auth/guest/route.ts": `import { guest } from "@/lib/answer";
export const dynamic = "force-dynamic";
export function GET() { return guest(); }
`,
  "app/api/models/route.ts": `import { MODELS } from "@/lib/answer";
export const dynamic = "force-dynamic";
export function GET() { return Response.json(MODELS, { headers: { "Cache-Control": "no-store" } }); }
`,
  "app/api/bare/models/route.ts": `import { MODELS } from "@/lib/answer";
export const dynamic = "force-dynamic";
export function GET() { return Response.json(MODELS, { headers: { "Cache-Control": "no-store" } }); }
`,
  "app/api/chat/route.ts": `import { answer } from "@/lib/answer";
export const dynamic = "force-dynamic";
export function POST(request: Request) { return answer(request); }
`,
  "app/api/health/route.ts": `export const dynamic = "force-dynamic";
export function GET() { return Response.json({ status: "healthy" }); }
`,
};

/**
 * The third floor, the honest comparison for ours: the same app, but `POST /api/chat` answers through the libraries
 * our chat must use: the real `@ai-sdk/openai-compatible` client pointed at bench/servers/ai-server.ts (BENCH_AI_BASE_URL),
 * `streamText`, and its UI message stream response with the SSE headers ours sends (`no-transform`, so Next.js does not
 * gzip the stream). No session, quota, database, saving, title or live stream: between it and ours is what our own
 * code costs. The body is checked for its shape only (ours validates with zod: that is ours to pay), the user message
 * goes through `convertToModelMessages`, and each model is built once per id, as ours does. It starts the way ours
 * does too (a copy of scripts/server.cjs: Next.js with the config its build wrote), so that start-up figures differ
 * by our code alone.
 */
const AI_SDK_FILES: Record<string, string> = {
  ...FILES,
  ...Object.fromEntries(["scripts/server.cjs", "lib/config/proxy-body-limit.cjs"].map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")])),
  "package.json": JSON.stringify({ name: "chatbot-bench-ai-sdk-floor", private: true }),
  "app/api/chat/route.ts": `import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { convertToModelMessages, streamText, type UIMessage } from "ai";
export const dynamic = "force-dynamic";
const provider = createOpenAICompatible({ name: "custom", baseURL: process.env.BENCH_AI_BASE_URL ?? "http://127.0.0.1:9/v1", includeUsage: true });
const models = new Map<string, ReturnType<typeof provider.chatModel>>();
function modelFor(id: string) {
  let model = models.get(id);
  if (!model) {
    model = provider.chatModel(id);
    models.set(id, model);
  }
  return model;
}
const badRequest = () => Response.json({ error: { code: "bad_request", message: "Bad request." } }, { status: 400 });
export async function POST(request: Request): Promise<Response> {
  let body: { id?: unknown; message?: unknown; model?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return badRequest();
  }
  const message = body.message as UIMessage | null | undefined;
  if (typeof body.id !== "string" || typeof message !== "object" || message === null || message.role !== "user" || !Array.isArray(message.parts)) return badRequest();
  const modelId = typeof body.model === "string" ? body.model : "custom/bench-7";
  const providerModelId = /^custom\\/(bench-\\d+)$/.exec(modelId)?.[1];
  if (!providerModelId) return badRequest();
  const result = streamText({ model: modelFor(providerModelId), messages: await convertToModelMessages([message]), maxRetries: 0, onError: () => {} });
  return result.toUIMessageStreamResponse({
    generateMessageId: () => crypto.randomUUID(),
    messageMetadata: ({ part }) => (part.type === "start" ? { model: modelId } : undefined),
    headers: { "cache-control": "no-cache, no-transform" },
  });
}
`,
};

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

/** Writes the app into the temp directory and builds it, unless a build of the same files and packages is there. */
function ensureBuilt(name: string, files: Record<string, string>, packages: string[], log: (line: string) => void): string {
  const dir = path.join(os.tmpdir(), name);
  // For the Next.js floor this is the stamp its builder always wrote, so other checkouts' runs reuse its build.
  const stamp = JSON.stringify({ ...Object.fromEntries(packages.map((pkg) => [pkg, versionOf(pkg)])), files });
  const stampFile = path.join(dir, ".bench-stamp");
  if (existsSync(path.join(dir, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return dir;
  log(`building ${name} (once; reused while its files and ${packages.join(", ")} are unchanged)`);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  // Turbopack refuses a node_modules that links outside the project: hard links to ours cost no space.
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
  execFileSync(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(stampFile, stamp);
  return dir;
}

/** The built minimal app's directory; builds it first when missing or made with another Next.js or template. */
export function ensureNextFloor(log: (line: string) => void): string {
  return ensureBuilt("chatbot-bench-next-floor", FILES, ["next"], log);
}

/** The built Next.js + AI SDK floor's directory; builds it first when missing or made with other packages or files. */
export function ensureAiSdkFloor(log: (line: string) => void): string {
  return ensureBuilt("chatbot-bench-ai-sdk-floor", AI_SDK_FILES, ["next", "ai", "@ai-sdk/openai-compatible"], log);
}
