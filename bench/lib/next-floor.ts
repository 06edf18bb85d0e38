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
  "cache-control": "no-cache",
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

function nextVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }).version;
}

/** The built minimal app's directory; builds it first when missing or made with another Next.js or template. */
export function ensureNextFloor(log: (line: string) => void): string {
  const dir = path.join(os.tmpdir(), "chatbot-bench-next-floor");
  const stamp = JSON.stringify({ next: nextVersion(), files: FILES });
  const stampFile = path.join(dir, ".bench-stamp");
  if (existsSync(path.join(dir, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return dir;
  log("building the minimal Next.js app (once; reused while Next.js is unchanged)");
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of Object.entries(FILES)) {
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
