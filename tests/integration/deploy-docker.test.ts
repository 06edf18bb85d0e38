import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";

import { eventually, getChat, newGuest, postChat, readUIStream, type StoredChat, userMessage } from "../support/api-client";
import {
  commandOf,
  lastArgs,
  parseCopy,
  parseDockerfile,
  parseEnvFile,
  parseHealthCheck,
  type Stage,
  stageEnv,
} from "../support/dockerfile";
import { freePort } from "../support/free-port";
import { makePdf } from "../support/pdf-writer";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";
import { makeDocx } from "../support/zip-writer";

/**
 * No Docker engine runs here, so this runs what the image runs: the runner stage's COPY and RUN steps replayed into
 * a directory that stands for the container's filesystem, its ENV, then its CMD in its WORKDIR — with the
 * environment docker-compose.yml gives the app (.env.production.example as .env.local, POSTGRES_URL) — against a
 * real PostgreSQL 15. The build stage's output is the suite's own build (scripts/test.sh builds with
 * BUILD_STANDALONE=1, as the Dockerfile's builder does).
 */
const ROOT = path.resolve(__dirname, "../..");
const stages = parseDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const runner = stages.at(-1) as Stage;
const compose = parseYaml(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8")) as ComposeFile;

type ComposeService = {
  image?: string;
  build?: unknown;
  env_file?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
};
type ComposeFile = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

function stageNamed(name: string): Stage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage ${name}`);
  return stage;
}

describe("the Dockerfile", () => {
  it("builds in stages on Node.js 22, the builder writing Next.js's standalone output", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:22[.-]/);
    const builderNames = new Set(
      runner.instructions.filter((i) => i.keyword === "COPY").map((i) => parseCopy(i.args).from).filter((from) => from !== null),
    );
    expect(builderNames.size).toBe(1);
    const builder = stageNamed([...builderNames][0] ?? "");
    expect(stageEnv(builder).BUILD_STANDALONE).toBe("1");
    expect(builder.instructions.some((i) => i.keyword === "RUN" && /\bnpm run build\b/.test(i.args))).toBe(true);
  });

  it("runs as a user other than root, with a health check on /api/health", () => {
    const user = lastArgs(runner, "USER");
    expect(user).toBeTruthy();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const healthCheck = parseHealthCheck(lastArgs(runner, "HEALTHCHECK") ?? "");
    expect(healthCheck.command.join(" ")).toContain("/api/health");
  });
});

describe("docker-compose.yml", () => {
  const { services } = compose;
  const app = Object.values(services).find((service) => service.build !== undefined);

  it("runs the app beside PostgreSQL 16 and Redis 7, starting it once both are healthy", () => {
    expect(app).toBeDefined();
    const dependencies = Object.entries(app?.depends_on ?? {});
    const images = dependencies.map(([name]) => services[name]?.image ?? "");
    expect(images.some((image) => /^postgres:16\b/.test(image))).toBe(true);
    expect(images.some((image) => /^redis:7\b/.test(image))).toBe(true);
    for (const [name, dependency] of dependencies) {
      expect(dependency.condition, name).toBe("service_healthy");
      expect(services[name]?.healthcheck?.test?.length, `${name} health check`).toBeGreaterThan(0);
    }
  });

  it("keeps every service's data on a named volume, the app's where the image keeps its data", () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, service] of Object.entries(services)) {
      const mounts = (service.volumes ?? []).map((volume) => volume.split(":"));
      expect(mounts.length, `${name} has a volume`).toBeGreaterThan(0);
      for (const [source] of mounts) expect(declared, `${name} mounts ${source}`).toContain(source);
    }
    const dataDir = stageEnv(runner).CHATBOT_DATA_DIR;
    expect(app?.volumes?.map((volume) => volume.split(":")[1])).toContain(dataDir);
  });

  it("points the app at its PostgreSQL and Redis, with the user and database PostgreSQL is created with", () => {
    const database = Object.entries(services).find(([, service]) => /^postgres:/.test(service.image ?? ""));
    const [databaseName, databaseService] = database ?? ["", {}];
    const url = new URL((app?.environment?.POSTGRES_URL ?? "").replace("${POSTGRES_PASSWORD:-chatbot}", "password"));
    expect(url.hostname).toBe(databaseName);
    expect(url.username).toBe(databaseService.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${databaseService.environment?.POSTGRES_DB}`);
    const redis = Object.entries(services).find(([, service]) => /^redis:/.test(service.image ?? ""));
    expect(new URL(app?.environment?.REDIS_URL ?? "").hostname).toBe(redis?.[0]);
    expect(app?.env_file).toBe(".env.local");
  });
});

type Health = { status: string; database: { type: string; connected: boolean }; environment: { production: boolean } };

async function waitForHealthy(baseUrl: string, output: () => string): Promise<Health> {
  let last = "";
  try {
    return await eventually(async () => {
      const response = await fetch(`${baseUrl}/api/health`);
      last = `${response.status} ${await response.text()}`;
      return response.status === 200 ? (JSON.parse(last.slice(4)) as Health) : undefined;
    });
  } catch (error) {
    throw new Error(`/api/health never answered 200; last: ${last}\n${output()}`, { cause: error });
  }
}

type Snapshot = Map<string, string>;

/** Size and modification time of every file under root, skipping the given directories. */
async function snapshotFiles(root: string, skip: string[]): Promise<Snapshot> {
  const files: Snapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (skip.includes(full)) continue;
      if (entry.isDirectory()) await walk(full);
      else {
        const info = await stat(full).catch(() => null);
        files.set(full, info ? `${info.size}:${info.mtimeMs}` : "dangling");
      }
    }
  };
  await walk(root);
  return files;
}

describe("the image's runner stage, replayed without Docker, on PostgreSQL 15", () => {
  let container: string;
  let database: ScratchDatabase;
  let server: ChildProcess;
  let output = "";
  let baseUrl: string;
  let env: Record<string, string>;
  /** Directories the Dockerfile hands to its user (RUN chown): the only places the server may write. */
  const writable: string[] = [];
  let before: Snapshot;

  /** A path inside the container, as a path of this machine. */
  const inContainer = (containerPath: string) => path.join(container, containerPath);

  async function replayRunnerStage(): Promise<string> {
    let workdir = "/";
    for (const instruction of runner.instructions) {
      if (instruction.keyword === "WORKDIR") {
        workdir = path.posix.resolve(workdir, instruction.args);
        await mkdir(inContainer(workdir), { recursive: true });
      } else if (instruction.keyword === "COPY") {
        const copy = parseCopy(instruction.args);
        // A builder stage works in a copy of the project (COPY . . in its WORKDIR); its paths map onto this checkout.
        const sourceRoot = copy.from === null ? "/" : (lastArgs(stageNamed(copy.from), "WORKDIR") ?? "/");
        for (const source of copy.sources) {
          const from = path.join(ROOT, path.posix.relative(sourceRoot, path.posix.resolve(sourceRoot, source)));
          if (!existsSync(from)) throw new Error(`COPY source ${source} does not exist (${from}); was the build run with BUILD_STANDALONE=1?`);
          await cp(from, inContainer(path.posix.resolve(workdir, copy.destination)), { recursive: true, verbatimSymlinks: true });
        }
      } else if (instruction.keyword === "RUN") {
        for (const step of instruction.args.split("&&").map((part) => part.trim())) {
          const mkdirStep = /^mkdir -p (.+)$/.exec(step);
          const chownStep = /^chown \S+ (.+)$/.exec(step);
          if (mkdirStep) for (const dir of mkdirStep[1]?.split(/\s+/) ?? []) await mkdir(inContainer(path.posix.resolve(workdir, dir)), { recursive: true });
          else if (chownStep) writable.push(...(chownStep[1]?.split(/\s+/) ?? []).map((dir) => inContainer(path.posix.resolve(workdir, dir))));
          else throw new Error(`RUN step not replayable here: ${step}`);
        }
      }
    }
    return inContainer(workdir);
  }

  /** The image's ENV with its absolute paths moved into the stand-in filesystem. */
  function imageEnv(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(stageEnv(runner)).map(([name, value]) => [name, value.startsWith("/") ? inContainer(value) : value]),
    );
  }

  beforeAll(async () => {
    container = await mkdtemp(path.join(tmpdir(), "chatbot-image-"));
    const workdir = await replayRunnerStage();
    database = await createScratchDatabase(inject("postgresUrl"), "docker");
    const port = await freePort();
    const appService = Object.values(compose.services).find((service) => service.build !== undefined);
    // As compose starts it: the image's ENV, then env_file (.env.local, made from the example with a secret filled
    // in), then `environment`; this machine's PostgreSQL stands in for the compose service, and no Redis runs.
    const envFile = parseEnvFile(readFileSync(path.join(ROOT, ".env.production.example"), "utf8"));
    env = {
      PATH: "/usr/local/bin:/usr/bin:/bin",
      ...imageEnv(),
      ...envFile,
      AUTH_SECRET: "docker-test-secret-for-the-test-suite-only",
      ...appService?.environment,
      POSTGRES_URL: database.url,
      REDIS_URL: "",
      PORT: String(port),
    };
    const [command = "", ...args] = commandOf(lastArgs(runner, "CMD") ?? "");
    expect(command).toBe("node");
    before = await snapshotFiles(container, writable);
    expect(before.size).toBeGreaterThan(100);
    // NODE_ENV comes from the image's ENV, as in the container.
    server = spawn(process.execPath, args, { cwd: workdir, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    baseUrl = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${output}`);
      const response = await fetch(`${baseUrl}/api/health`);
      await response.body?.cancel();
      return true;
    }, 90_000);
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      await new Promise<void>((resolve) => {
        server.once("exit", () => resolve());
        server.kill("SIGKILL");
      });
    }
    await database?.drop();
    if (container) await rm(container, { recursive: true, force: true });
  });

  it("ships the migrations and PGlite's WASM and data in the standalone trace", () => {
    const app = inContainer(lastArgs(runner, "WORKDIR") ?? "/");
    expect(existsSync(path.join(app, "drizzle/meta/_journal.json"))).toBe(true);
    for (const file of ["pglite.wasm", "pglite.data", "initdb.wasm"]) {
      expect(existsSync(path.join(app, "node_modules/@electric-sql/pglite/dist", file)), file).toBe(true);
    }
  });

  it("applies every migration at start and reports PostgreSQL healthy", async () => {
    // Healthy once the store's first probe has answered (within the probe's timeout), as an uptime monitor sees it.
    const body = await waitForHealthy(baseUrl, () => output);
    expect(body.database).toMatchObject({ type: "postgres", connected: true });
    expect(body.environment.production).toBe(true);
    const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
      expect(row?.count).toBe(journal.entries.length);
    } finally {
      await sql.end();
    }
  });

  it("serves the chat page, its scripts from .next/static and the icons from public/", async () => {
    const guest = await newGuest(baseUrl);
    const page = await fetch(`${baseUrl}/`, { headers: { cookie: guest.cookie, accept: "text/html" } });
    const html = await page.text();
    expect(page.status, output).toBe(200);
    expect(html).toContain('aria-label="Message"');
    const assets = [
      ...[...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1] ?? ""),
      ...[...html.matchAll(/<link[^>]+rel="(?:icon|apple-touch-icon|manifest)"[^>]+href="([^"?]+)/g)].map((match) => match[1] ?? ""),
    ];
    expect(assets).toContain("/favicon.ico");
    expect(assets).toContain("/manifest.webmanifest");
    for (const asset of assets) {
      const response = await fetch(`${baseUrl}${asset}`);
      await response.body?.cancel();
      expect(response.status, asset).toBe(200);
    }
  });

  it("streams a demo chat, saves it in PostgreSQL, and keeps an upload on the data volume", async () => {
    const guest = await newGuest(baseUrl);
    const chatId = randomUUID();
    const response = await postChat(baseUrl, guest, { id: chatId, message: userMessage("Hello from the container") });
    expect(response.status, output).toBe(200);
    const { text } = await readUIStream(response);
    expect(text.length).toBeGreaterThan(0);
    const saved = await eventually(async () => {
      const chat = (await (await getChat(baseUrl, guest, chatId)).json()) as StoredChat;
      return chat.messages.some((message) => message.role === "assistant" && message.metadata.status === "complete") ? chat : undefined;
    });
    expect(saved.messages.map((message) => message.role)).toEqual(["user", "assistant"]);

    const form = new FormData();
    form.append("file", new Blob([readFileSync(path.join(ROOT, "public/icon-192.png"))], { type: "image/png" }), "icon.png");
    const upload = await fetch(`${baseUrl}/api/files`, { method: "POST", headers: { cookie: guest.cookie }, body: form });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const { file } = (await upload.json()) as { file: { url: string } };
    const served = await fetch(`${baseUrl}${file.url}`, { headers: { cookie: guest.cookie } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(path.join(ROOT, "public/icon-192.png")))).toBe(true);
    const dataDir = env.CHATBOT_DATA_DIR ?? "";
    expect(writable).toContain(dataDir);
    expect((await snapshotFiles(dataDir, [])).size).toBeGreaterThan(0);
  });

  it("reads a PDF and a Word document in the extraction worker, and the demo model receives their text", async () => {
    const guest = await newGuest(baseUrl);
    const uploaded: { url: string; name: string; mediaType: string; kind: string; pageCount: number | null }[] = [];
    for (const [name, bytes] of [
      ["report.pdf", makePdf({ pages: [{ lines: ["Quarterly revenue grew"] }, { lines: ["Costs fell"] }] })],
      ["minutes.docx", makeDocx(["Board minutes", "Ship it."])],
    ] as const) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }), name);
      const upload = await fetch(`${baseUrl}/api/files`, { method: "POST", headers: { cookie: guest.cookie }, body: form });
      expect(upload.status, `${await upload.clone().text()}\n${output}`).toBe(201);
      uploaded.push(((await upload.json()) as { file: (typeof uploaded)[number] }).file);
    }
    expect(uploaded.map((file) => [file.kind, file.pageCount])).toEqual([["pdf", 2], ["docx", null]]);
    const parts = [
      ...uploaded.map((file) => ({ type: "file", url: file.url, mediaType: file.mediaType, filename: file.name })),
      { type: "text", text: "What do these say?" },
    ];
    const response = await postChat(baseUrl, guest, { id: randomUUID(), message: { id: randomUUID(), role: "user", parts } });
    expect(response.status, output).toBe(200);
    const { text } = await readUIStream(response);
    expect(text).toContain("You attached 2 documents; their text reached me:");
    expect(text).toContain("Quarterly revenue grew");
    expect(text).toContain("Board minutes");
    expect(text).toContain("The PDF also arrived as a file");
  });

  it("passes its own HEALTHCHECK, which fails when nothing answers", async () => {
    const [command = "", ...args] = parseHealthCheck(lastArgs(runner, "HEALTHCHECK") ?? "").command;
    expect(command).toBe("node");
    const exitCode = (port: string) =>
      new Promise<number | null>((resolve) => {
        const check = spawn(process.execPath, args, { env: { ...env, PORT: port } as Record<string, string> as NodeJS.ProcessEnv, stdio: "ignore" });
        check.once("exit", resolve);
      });
    expect(await exitCode(env.PORT ?? "")).toBe(0);
    expect(await exitCode(String(await freePort()))).not.toBe(0);
  });

  it("writes nothing outside the directories the Dockerfile gives its user", async () => {
    const after = await snapshotFiles(container, writable);
    const changed = [...after].filter(([file, signature]) => before.get(file) !== signature).map(([file]) => path.relative(container, file));
    expect(changed).toEqual([]);
  });

  it("on SIGTERM (docker stop) shuts down gracefully and exits 0", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("shutdown: done");
  });
});
