import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, getChat, type Guest, newGuest, postChat, readUIStream, type StoredChat } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";

// A real 1×1 PNG, and the start of a real GIF: type sniffing reads these signatures.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1");

let server: AppServer;
let uploadDir: string;

beforeAll(async () => {
  uploadDir = mkdtempSync(path.join(tmpdir(), "chatbot-uploads-"));
  server = await startAppServer({ UPLOAD_DIR: uploadDir });
});

afterAll(async () => {
  await server?.stop();
  rmSync(uploadDir, { recursive: true, force: true });
});

type Uploaded = { file: { id: string; url: string; name: string; mediaType: string; size: number; kind?: string } };

function upload(who: Guest | null, bytes: Buffer, name: string, type = "image/png") {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return fetch(`${server.url}/api/files`, { method: "POST", body: form, headers: who ? { cookie: who.cookie } : {} });
}

async function uploaded(who: Guest, bytes = PNG, name = "cat.png"): Promise<Uploaded["file"]> {
  const response = await upload(who, bytes, name);
  expect(response.status).toBe(201);
  return ((await response.json()) as Uploaded).file;
}

const fetchFile = (url: string, who: Guest | null) => fetch(`${server.url}${url}`, { headers: who ? { cookie: who.cookie } : {} });

function imageMessage(file: Uploaded["file"], text = "What is in this picture?") {
  return {
    id: randomUUID(),
    role: "user" as const,
    parts: [
      { type: "text" as const, text },
      // The client's claims about type and name are replaced by what the upload recorded.
      { type: "file" as const, url: file.url, mediaType: "text/html", filename: "evil.html" },
    ],
  };
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("POST /api/files", () => {
  it("keeps an image for its owner only, typed from its bytes", async () => {
    const owner = await newGuest(server.url);
    const file = await uploaded(owner, GIF, "looks-like.png");
    expect(file).toMatchObject({ url: `/api/files/${file.id}`, name: "looks-like.png", mediaType: "image/gif", size: GIF.length });

    const own = await fetchFile(file.url, owner);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/gif");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await own.arrayBuffer()).equals(GIF)).toBe(true);

    expect((await fetchFile(file.url, await newGuest(server.url))).status).toBe(404);
    expect((await fetchFile(file.url, null)).status).toBe(404);
    expect((await fetchFile(`/api/files/${randomUUID()}`, owner)).status).toBe(404);
    expect(readdirSync(uploadDir).length).toBeGreaterThan(0);
  });

  it("never serves a renamed HTML file as an image or a page; refuses empty files, big images, other encodings, and visitors without a session", async () => {
    const guest = await newGuest(server.url);
    // Text by its bytes, so a document (lib/documents): kept as plain text and handed back only as a download.
    const html = await upload(guest, Buffer.from("<html><script>alert(1)</script></html>"), "cat.png");
    expect(html.status).toBe(201);
    const stored = ((await html.json()) as Uploaded).file;
    expect(stored).toMatchObject({ mediaType: "text/plain", kind: "text" });
    const served = await fetchFile(stored.url, guest);
    expect(served.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
    const binary = await upload(guest, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), "cat.png");
    expect(binary.status).toBe(415);
    expect(await errorCode(binary)).toBe("unsupported_media_type");
    const empty = await upload(guest, Buffer.alloc(0), "empty.png");
    expect(empty.status).toBe(400);
    const big = await upload(guest, Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]), "big.png");
    expect(big.status).toBe(413);
    expect(await errorCode(big)).toBe("payload_too_large");
    const json = await fetch(`${server.url}/api/files`, {
      method: "POST",
      headers: { cookie: guest.cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    expect((await upload(null, PNG, "cat.png")).status).toBe(401);
  });
});

describe("images in chats", () => {
  async function storedMessages(who: Guest, chatId: string) {
    return eventually(async () => {
      const chat = (await (await getChat(server.url, who, chatId)).json()) as StoredChat;
      return chat.messages.some((m) => m.role === "assistant" && m.metadata.status) ? chat.messages : undefined;
    });
  }

  it("sends an image to a model that reads images, keeps it with the message, and shares it with a public chat", async () => {
    const owner = await newGuest(server.url);
    const file = await uploaded(owner);
    const chatId = randomUUID();
    // demo/reasoning reads no images: the answer comes from the first allowed model that does.
    const response = await postChat(server.url, owner, { id: chatId, message: imageMessage(file), model: "demo/reasoning" });
    expect(response.status).toBe(200);
    const { text } = await readUIStream(response);
    expect(text).toMatch(/^You attached an image \(PNG\)\./);

    const messages = (await storedMessages(owner, chatId)) as (StoredChat["messages"][number] & {
      parts: { type: string; url?: string; mediaType?: string; filename?: string }[];
      metadata: { model?: string };
    })[];
    expect(messages[0]!.parts[1]).toEqual({ type: "file", url: file.url, mediaType: "image/png", filename: "cat.png" });
    expect(messages[1]!.metadata.model).toBe("demo/chat");

    const stranger = await newGuest(server.url);
    expect((await fetchFile(file.url, stranger)).status).toBe(404);
    const share = (visibility: string) =>
      fetch(`${server.url}/api/chat/${chatId}`, {
        method: "PATCH",
        headers: { cookie: owner.cookie, "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ visibility }),
      });
    expect((await share("public")).status).toBe(200);
    expect((await fetchFile(file.url, stranger)).status).toBe(200);
    expect((await fetchFile(file.url, null)).status).toBe(200);
    expect((await share("private")).status).toBe(200);
    expect((await fetchFile(file.url, null)).status).toBe(404);
  });

  it("refuses another user's upload and an upload already sent in another chat", async () => {
    const owner = await newGuest(server.url);
    const other = await newGuest(server.url);
    const file = await uploaded(owner);

    const foreign = await postChat(server.url, other, { id: randomUUID(), message: imageMessage(file) });
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe("bad_request");

    const first = await postChat(server.url, owner, { id: randomUUID(), message: imageMessage(file) });
    await readUIStream(first);
    const elsewhereId = randomUUID();
    const elsewhere = await postChat(server.url, owner, { id: elsewhereId, message: imageMessage(file) });
    expect(elsewhere.status).toBe(400);
    expect((await getChat(server.url, owner, elsewhereId)).status).toBe(404);
    const forged = await postChat(server.url, owner, {
      id: randomUUID(),
      message: { id: randomUUID(), role: "user", parts: [{ type: "file", url: "https://example.com/x.png", mediaType: "image/png" }] },
    });
    expect(forged.status).toBe(400);
  });

  it("answers 400 when no model the user may use reads images", async () => {
    // A custom server's models are text-only; the request is refused before any provider call.
    const textOnly = await startAppServer({
      UPLOAD_DIR: uploadDir,
      PLAYWRIGHT: "",
      CUSTOM_AI_BASE_URL: "http://127.0.0.1:9/v1",
      CUSTOM_AI_MODELS: "llama",
    });
    try {
      const guest = await newGuest(textOnly.url);
      const form = new FormData();
      form.set("file", new Blob([new Uint8Array(PNG)], { type: "image/png" }), "cat.png");
      const sent = await fetch(`${textOnly.url}/api/files`, { method: "POST", body: form, headers: { cookie: guest.cookie } });
      const { file } = (await sent.json()) as Uploaded;
      const chatId = randomUUID();
      const response = await postChat(textOnly.url, guest, { id: chatId, message: imageMessage(file) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/reads images/);
      // Nothing is left behind: the refused first message does not leave an empty chat.
      expect((await getChat(textOnly.url, guest, chatId)).status).toBe(404);
    } finally {
      await textOnly.stop();
    }
  });
});
