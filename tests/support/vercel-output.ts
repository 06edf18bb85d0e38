import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Serves a `vercel build` output (.vercel/output, Build Output API v3) on 127.0.0.1 the way Vercel's cloud serves a
 * deployment, as far as this app's requests need: static files from `static/`, the middleware function, the
 * filesystem and rewrite phases of `config.json`, and each function started alone — staged into an empty directory
 * with only its own `.func` files and the files its `.vc-config.json` lists (what a deploy uploads), and run by
 * vercel-function-host.mjs as Vercel's Node.js launcher runs it. A route this emulation does not implement fails the
 * request loudly instead of being skipped.
 */

const HOST_SCRIPT = path.join(__dirname, "vercel-function-host.mjs");
const BOOT_TIMEOUT_MS = 60_000;

type Condition = { type: string; key?: string; value?: string };
type Route = {
  src?: string;
  dest?: string;
  headers?: Record<string, string>;
  status?: number;
  continue?: boolean;
  handle?: string;
  has?: Condition[];
  missing?: Condition[];
  middlewarePath?: string;
  check?: boolean;
  override?: boolean;
  important?: boolean;
};
type OutputConfig = { version: number; routes: Route[]; overrides?: Record<string, { path?: string; contentType?: string }> };

export type FunctionConfig = {
  handler: string;
  launcherType: string;
  runtime: string;
  useWebApi?: boolean;
  environment?: Record<string, string>;
  filePathMap?: Record<string, string>;
};

/** One entry of `functions/`: the path it serves and the directory it is (symlinked entries share a directory). */
export type FunctionEntry = { name: string; dir: string };

type Instance = { name: string; port: number; child: ChildProcess };

export type VercelDeployment = {
  url: string;
  /** The function directories started so far (real paths), each in a process of its own. */
  startedFunctions: () => string[];
  /** Everything the functions printed. */
  output: () => string;
  stop: () => Promise<void>;
};

export async function readOutputConfig(outputDir: string): Promise<OutputConfig> {
  return JSON.parse(await readFile(path.join(outputDir, "config.json"), "utf8")) as OutputConfig;
}

export async function readFunctionConfig(funcDir: string): Promise<FunctionConfig> {
  return JSON.parse(await readFile(path.join(funcDir, ".vc-config.json"), "utf8")) as FunctionConfig;
}

/** Every `<name>.func` under functions/, with the real directory behind it. */
export async function listFunctions(outputDir: string): Promise<FunctionEntry[]> {
  const root = path.join(outputDir, "functions");
  const entries: FunctionEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name.endsWith(".func")) {
        entries.push({ name: path.relative(root, full).slice(0, -".func".length), dir: await realpath(full) });
      } else if (entry.isDirectory()) {
        await walk(full);
      }
    }
  };
  await walk(root);
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Copies a function as a deploy uploads it into an empty directory: the `.func` directory itself, then every
 * filePathMap entry (destination in the function → source relative to the project root). Symbolic links stay links,
 * and must point inside the function, as they would on Vercel. Throws on a listed file that does not exist.
 */
export async function stageFunction(funcDir: string, projectRoot: string, target: string): Promise<FunctionConfig> {
  const config = await readFunctionConfig(funcDir);
  await cp(funcDir, target, { recursive: true, verbatimSymlinks: true });
  for (const [destination, source] of Object.entries(config.filePathMap ?? {})) {
    const from = path.resolve(projectRoot, source);
    const to = path.resolve(target, destination);
    if (!to.startsWith(target + path.sep)) throw new Error(`filePathMap entry leaves the function: ${destination}`);
    await mkdir(path.dirname(to), { recursive: true });
    const info = await lstat(from);
    if (info.isSymbolicLink()) {
      const link = await readlink(from);
      const resolved = path.resolve(path.dirname(to), link);
      if (path.isAbsolute(link) || !resolved.startsWith(target + path.sep)) {
        throw new Error(`filePathMap entry ${destination} is a link out of the function (${link})`);
      }
      await symlink(link, to);
    } else {
      await copyFile(from, to);
    }
  }
  return config;
}

function matchesConditions(route: Route, headers: http.IncomingHttpHeaders): boolean {
  const holds = (condition: Condition) => {
    if (condition.type !== "header" || !condition.key) throw new Error(`route condition not emulated: ${JSON.stringify(condition)}`);
    const value = headers[condition.key.toLowerCase()];
    if (value === undefined) return false;
    return condition.value === undefined || new RegExp(`^${condition.value}$`).test(String(value));
  };
  return (route.has ?? []).every(holds) && !(route.missing ?? []).some(holds);
}

/** `$1`, `$name` in a route's dest or headers, from the src match. */
function substitute(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
    const value = /^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key];
    return value ?? "";
  });
}

function splitPhases(routes: Route[]): Map<string, Route[]> {
  const phases = new Map<string, Route[]>([["main", []]]);
  let current = "main";
  for (const route of routes) {
    if (route.handle) {
      current = route.handle;
      phases.set(current, []);
    } else {
      phases.get(current)?.push(route);
    }
  }
  return phases;
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

type PendingRequest = { method: string; pathname: string; search: string; headers: http.IncomingHttpHeaders; body: Buffer };
type Answer = { status: number; headers: Record<string, string | string[]>; body: NodeJS.ReadableStream | Buffer };

/**
 * Starts serving `.vercel/output`. `env` is the project's environment as the Vercel dashboard would hold it; the
 * platform's own variables (VERCEL, VERCEL_ENV, VERCEL_REGION, VERCEL_URL) are added, NODE_ENV is left to the launcher.
 */
export async function serveVercelOutput(options: {
  outputDir: string;
  projectRoot: string;
  env: Record<string, string>;
}): Promise<VercelDeployment> {
  const { outputDir, projectRoot } = options;
  const config = await readOutputConfig(outputDir);
  if (config.version !== 3) throw new Error(`unexpected Build Output API version ${config.version}`);
  const phases = splitPhases(config.routes);
  const stagingRoot = await mkdtemp(path.join(tmpdir(), "chatbot-vercel-"));
  const instances = new Map<string, Promise<Instance>>();
  let output = "";

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const host = `127.0.0.1:${port}`;

  const functionEnv: Record<string, string> = {
    PATH: "/usr/bin:/bin",
    HOME: stagingRoot,
    TZ: "UTC",
    VERCEL: "1",
    VERCEL_ENV: "production",
    VERCEL_REGION: "iad1",
    NOW_REGION: "iad1",
    VERCEL_URL: host,
    ...options.env,
  };

  const startInstance = (realDir: string, name: string): Promise<Instance> => {
    let instance = instances.get(realDir);
    if (!instance) {
      instance = (async () => {
        const target = path.join(stagingRoot, `fn-${instances.size}`);
        const functionConfig = await stageFunction(realDir, projectRoot, target);
        if (functionConfig.launcherType !== "Nodejs") throw new Error(`${name}: launcherType ${functionConfig.launcherType} is not emulated`);
        const child = fork(HOST_SCRIPT, [target], {
          cwd: target,
          // No NODE_ENV: Vercel leaves it unset and the launcher sets it.
          env: { ...functionEnv, LAMBDA_TASK_ROOT: target } as Record<string, string> as NodeJS.ProcessEnv,
          execArgv: [],
          stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        child.stdout?.on("data", (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`));
        child.stderr?.on("data", (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`));
        const fnPort = await new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${name} did not start within ${BOOT_TIMEOUT_MS} ms:\n${output}`)), BOOT_TIMEOUT_MS);
          child.once("message", (message: { port?: number }) => {
            clearTimeout(timer);
            resolve(message.port ?? 0);
          });
          child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`${name} exited with ${code} while starting:\n${output}`));
          });
        });
        return { name, port: fnPort, child };
      })();
      instances.set(realDir, instance);
    }
    return instance;
  };

  const functionDirFor = async (pathname: string): Promise<string | null> => {
    const name = pathname === "/" ? "index" : pathname.replace(/^\//, "");
    const dir = path.join(outputDir, "functions", `${name}.func`);
    return existsSync(path.join(dir, ".vc-config.json")) ? realpath(dir) : null;
  };

  /** matchedPath: the route Vercel's router resolved, sent as x-matched-path (not to the middleware). */
  const invoke = async (dir: string, request: PendingRequest, matchedPath: string | null): Promise<Answer> => {
    const instance = await startInstance(dir, matchedPath ?? "middleware");
    return new Promise<Answer>((resolve, reject) => {
      const upstream = http.request(
        {
          host: "127.0.0.1",
          port: instance.port,
          method: request.method,
          path: `${request.pathname}${request.search}`,
          headers: matchedPath === null ? request.headers : { ...request.headers, "x-matched-path": matchedPath },
        },
        (response) => resolve({ status: response.statusCode ?? 502, headers: cleanHeaders(response.headers), body: response }),
      );
      upstream.on("error", reject);
      upstream.end(request.body);
    });
  };

  const serveStatic = async (pathname: string): Promise<Answer | null> => {
    const relative = decodeURIComponent(pathname).replace(/^\/+/, "");
    const override = Object.entries(config.overrides ?? {}).find(([, value]) => value.path === relative);
    const file = path.join(outputDir, "static", override ? override[0] : relative);
    if (!relative || !file.startsWith(path.join(outputDir, "static") + path.sep)) return null;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const contentType = override?.[1].contentType ?? CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
    return { status: 200, headers: { "content-type": contentType }, body: await readFile(file) };
  };

  const runMiddleware = async (route: Route, request: PendingRequest): Promise<Answer | null> => {
    const dir = await functionDirFor(route.middlewarePath ?? "");
    if (!dir) throw new Error(`middleware function ${route.middlewarePath} is missing`);
    const answer = await invoke(dir, request, null);
    const headers = answer.headers;
    const isNext = headers["x-middleware-next"] === "1";
    const rewrite = headers["x-middleware-rewrite"];
    if (!isNext && rewrite === undefined) return answer;
    if (!Buffer.isBuffer(answer.body)) answer.body.resume();
    const overridden = headers["x-middleware-override-headers"];
    if (typeof overridden === "string") {
      const names = new Set(overridden.split(",").map((name) => name.trim().toLowerCase()));
      for (const name of Object.keys(request.headers)) if (!names.has(name)) delete request.headers[name];
      for (const name of names) {
        const value = headers[`x-middleware-request-${name}`];
        if (value === undefined) delete request.headers[name];
        else request.headers[name] = value;
      }
    }
    if (typeof rewrite === "string") {
      const target = new URL(rewrite, `https://${host}`);
      request.pathname = target.pathname;
      request.search = target.search;
    }
    const passOn: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!name.startsWith("x-middleware-") && !["content-length", "transfer-encoding", "connection"].includes(name)) passOn[name] = value;
    }
    return { status: 0, headers: passOn, body: Buffer.alloc(0) };
  };

  const route = async (request: PendingRequest): Promise<Answer> => {
    const responseHeaders: Record<string, string | string[]> = {};
    const withHeaders = (answer: Answer): Answer => ({ ...answer, headers: { ...responseHeaders, ...answer.headers } });

    for (const item of phases.get("main") ?? []) {
      const match = item.src ? new RegExp(item.src).exec(request.pathname) : null;
      if (!match || !matchesConditions(item, request.headers)) continue;
      if (item.middlewarePath) {
        const result = await runMiddleware(item, request);
        if (result && result.status !== 0) return withHeaders(result);
        Object.assign(responseHeaders, result?.headers);
      } else if (item.headers && item.continue && item.dest === undefined && item.status === undefined) {
        for (const [name, value] of Object.entries(item.headers)) responseHeaders[name.toLowerCase()] = substitute(value, match);
      } else {
        throw new Error(`route not emulated for ${request.pathname}: ${JSON.stringify(item)}`);
      }
    }

    const fromFilesystem = async (): Promise<Answer | null> => {
      if (request.method === "GET" || request.method === "HEAD") {
        const file = await serveStatic(request.pathname);
        if (file) return file;
      }
      const dir = await functionDirFor(request.pathname);
      return dir ? invoke(dir, request, request.pathname) : null;
    };

    const direct = await fromFilesystem();
    if (direct) return withHeaders(direct);
    for (const item of phases.get("rewrite") ?? []) {
      const match = item.src ? new RegExp(item.src).exec(request.pathname) : null;
      if (!match || !matchesConditions(item, request.headers) || item.dest === undefined) continue;
      const target = new URL(substitute(item.dest, match), `https://${host}`);
      request.pathname = target.pathname;
      request.search = [target.search.slice(1), request.search.slice(1)].filter(Boolean).join("&").replace(/^(?=.)/, "?");
      const rewritten = await fromFilesystem();
      if (rewritten) return withHeaders(rewritten);
      break;
    }
    const notFound = await functionDirFor("/_not-found");
    if (!notFound) return { status: 404, headers: { "content-type": "text/plain" }, body: Buffer.from("Not Found") };
    const page = await invoke(notFound, { ...request, method: "GET", pathname: "/_not-found", search: "" }, "/_not-found");
    return withHeaders({ ...page, status: 404 });
  };

  server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", `https://${host}`);
      const headers: http.IncomingHttpHeaders = {
        ...req.headers,
        host,
        "x-forwarded-host": host,
        "x-forwarded-proto": "https",
        "x-forwarded-for": "127.0.0.1",
        "x-real-ip": "127.0.0.1",
        "x-vercel-deployment-url": host,
      };
      const request = { method: req.method ?? "GET", pathname: url.pathname, search: url.search, headers, body: Buffer.concat(chunks) };
      route(request).then(
        (answer) => {
          res.writeHead(answer.status, answer.headers);
          if (Buffer.isBuffer(answer.body)) res.end(answer.body);
          else answer.body.pipe(res);
        },
        (error: unknown) => {
          output += `[router] ${error instanceof Error ? error.stack : String(error)}\n`;
          res.writeHead(502, { "content-type": "text/plain", "x-emulation-error": "1" });
          res.end(String(error));
        },
      );
    });
  });

  return {
    url: `http://${host}`,
    startedFunctions: () => [...instances.keys()],
    output: () => output,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      for (const instance of instances.values()) {
        const started = await instance.catch(() => null);
        if (started && started.child.exitCode === null) {
          await new Promise<void>((resolve) => {
            started.child.once("exit", () => resolve());
            started.child.kill("SIGKILL");
          });
        }
      }
      await rm(stagingRoot, { recursive: true, force: true });
    },
  };
}

function cleanHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const clean: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name !== "connection" && name !== "keep-alive") clean[name] = value;
  }
  return clean;
}
