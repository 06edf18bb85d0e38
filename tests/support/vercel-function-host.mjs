/**
 * Runs one function of Vercel's Build Output API (a `.func` directory, staged alone in a directory of its own) the
 * way Vercel's Node.js launcher does, and serves it over HTTP on 127.0.0.1 so a test can send it requests:
 *   - the working directory is the function's root (Vercel's /var/task); the handler is required from there;
 *   - a handler with `useWebApi` takes a Web `Request` and returns a `Response`; any other is a Node request
 *     listener `(req, res)` (`shouldAddHelpers: false`: no req.query or res.json helpers are added);
 *   - each invocation carries Vercel's request context (`Symbol.for("@vercel/request-context")`), whose `waitUntil`
 *     keeps work going after the response, as Next.js's `after()` needs.
 * Plain JavaScript, run by plain `node` with no loader, so nothing of the test runner reaches the function's modules.
 * Usage: node vercel-function-host.mjs <function dir>; sends { port } over IPC once listening.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";

const root = path.resolve(process.argv[2] ?? "");
const functionConfig = JSON.parse(fs.readFileSync(path.join(root, ".vc-config.json"), "utf8"));
if (functionConfig.launcherType !== "Nodejs" || typeof functionConfig.handler !== "string") {
  throw new Error(`unsupported function (launcherType ${functionConfig.launcherType}, handler ${functionConfig.handler})`);
}
for (const [name, value] of Object.entries(functionConfig.environment ?? {})) process.env[name] = value;
process.chdir(root);

const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("@vercel/request-context")] = { get: () => requestContext.getStore() };
const pendingWork = new Set();

// The handler is CommonJS (___next_launcher.cjs), loaded from the function's own directory.
const loadFunctionModule = createRequire(path.join(root, functionConfig.handler));
const handler = loadFunctionModule(path.join(root, functionConfig.handler));
const invoke = functionConfig.useWebApi ? (req, res) => serveWebApi(req, res) : (req, res) => handler(req, res);

async function serveWebApi(req, res) {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`), {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value ?? ""]).map((item) => [name, item]),
    ),
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? "half" : undefined,
  });
  const response = await handler(request);
  const headers = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  Readable.fromWeb(response.body).pipe(res);
}

const server = http.createServer((req, res) => {
  const context = {
    headers: req.headers,
    url: req.url,
    waitUntil: (promise) => {
      const tracked = Promise.resolve(promise).catch((error) => console.error("waitUntil rejected:", error));
      pendingWork.add(tracked);
      void tracked.finally(() => pendingWork.delete(tracked));
    },
  };
  requestContext.run(context, () => {
    Promise.resolve()
      .then(() => invoke(req, res))
      .catch((error) => {
        // What Vercel answers when a function throws: a 500 that is not the app's own.
        console.error("FUNCTION_INVOCATION_FAILED:", error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain", "x-vercel-error": "FUNCTION_INVOCATION_FAILED" });
        res.end();
      });
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
