import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

const NGINX = "/usr/sbin/nginx";
const ROOT = path.resolve(__dirname, "../..");
/** The proxy settings the deploy config ships with (deploy/nginx.conf includes the same file). */
const PROXY_SETTINGS = path.join(ROOT, "deploy/nginx-proxy.conf");
const START_TIMEOUT_MS = 20_000;

/** Each response names the upstream that served it, so tests can tell the instances apart. */
export const UPSTREAM_HEADER = "x-upstream-addr";

export type Nginx = {
  url: string;
  /** What nginx wrote to its error log (in its temp dir). */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Starts apt's nginx in the foreground (`-p <tempdir> -c <conf>`: its pid file, logs and temp files stay in the temp
 * dir) on a free port of 127.0.0.1, balancing round robin over `upstreams` ("127.0.0.1:3001") with the proxy
 * settings of deploy/nginx-proxy.conf: unbuffered streams, X-Forwarded-For/Host/Proto.
 */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing; run: apt-get install -y nginx`);
  const dir = await mkdtemp(path.join(tmpdir(), "chatbot-nginx-"));
  const port = await freePort();
  const configFile = path.join(dir, "nginx.conf");
  const errorLogFile = path.join(dir, "error.log");
  // As root, nginx's workers switch to `user`; the default (nobody:nobody) has no group on Debian.
  const { username } = userInfo();
  await writeFile(
    configFile,
    `${process.getuid?.() === 0 ? `user ${username} root;\n` : ""}daemon off;
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${errorLogFile} warn;
events { worker_connections 1024; }
http {
  access_log ${path.join(dir, "access.log")};
  upstream chatbot {
${upstreams.map((upstream) => `    server ${upstream};`).join("\n")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://chatbot;
      include ${PROXY_SETTINGS};
      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`,
  );

  let output = "";
  const child = spawn(NGINX, ["-p", dir, "-c", configFile, "-e", errorLogFile], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const readErrorLog = () => readFile(errorLogFile, "utf8").catch(() => "");
  try {
    await waitForPort(port, child, async () => `${output}${await readErrorLog()}`);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    errorLog: readErrorLog,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM is nginx's fast shutdown: the master ends its workers, then itself.
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${await output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`nginx did not listen on port ${port} within ${START_TIMEOUT_MS} ms:\n${await output()}`);
}
