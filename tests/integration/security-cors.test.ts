import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChat, type Guest, newGuest, postChat, readUIStream, userMessage } from "../support/api-client";
import { type AppServer, runAppServerExpectingExit, startAppServer } from "../support/app-server";

const PARTNER = "https://app.example.com";
const LOCAL_DEV = "http://localhost:5173";
const EVIL = "https://evil.example";

let server: AppServer;
let guest: Guest;

beforeAll(async () => {
  server = await startAppServer({ CORS_ALLOWED_ORIGINS: `${PARTNER}/, ${LOCAL_DEV}` });
  guest = await newGuest(server.url);
});

afterAll(async () => {
  await server?.stop();
});

function preflight(origin: string, method: string): Promise<Response> {
  return fetch(`${server.url}/api/chat`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": "content-type" },
  });
}

describe("CORS_ALLOWED_ORIGINS", () => {
  it.each([PARTNER, LOCAL_DEV])("answers %s's preflight with 204 and the methods and headers it may use", async (origin) => {
    const response = await preflight(origin, "POST");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")?.split(", ")).toEqual(
      expect.arrayContaining(["GET", "POST", "DELETE"]),
    );
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("lets an allowed origin post a message with the user's cookie and read the answer", async () => {
    const chatId = randomUUID();
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { origin: PARTNER, cookie: guest.cookie, "content-type": "application/json" },
      body: JSON.stringify({ id: chatId, message: userMessage("hello from the partner app") }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toContain("Origin");
    await readUIStream(response);

    const read = await fetch(`${server.url}/api/chat/${chatId}`, { headers: { origin: PARTNER, cookie: guest.cookie } });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(((await read.json()) as { chat: { id: string } }).chat.id).toBe(chatId);
  });

  it("still gives any other origin no CORS headers, refuses its preflight and its writes", async () => {
    const read = await fetch(`${server.url}/api/health`, { headers: { origin: EVIL } });
    await read.body?.cancel();
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    expect(read.headers.get("vary")).toContain("Origin");

    const refusedPreflight = await preflight(EVIL, "POST");
    expect(refusedPreflight.status).toBe(403);
    expect(refusedPreflight.headers.get("access-control-allow-origin")).toBeNull();

    const chatId = randomUUID();
    const write = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { origin: EVIL, cookie: guest.cookie, "content-type": "application/json" },
      body: JSON.stringify({ id: chatId, message: userMessage("not from the partner") }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await getChat(server.url, guest, chatId)).status).toBe(404);
  });

  it("matches origins exactly: another scheme or a look-alike host is not allowed", async () => {
    for (const origin of ["http://app.example.com", "https://app.example.com.evil.example", "https://evil-app.example.com"]) {
      const response = await preflight(origin, "POST");
      await response.body?.cancel();
      expect(response.status, origin).toBe(403);
    }
  });

  it("does not change same-origin use", async () => {
    const chatId = randomUUID();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage("same origin") });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    await readUIStream(response);
  });
});

describe("boot", () => {
  it("refuses to start on an entry that is not an origin, naming the variable", async () => {
    const { code, output } = await runAppServerExpectingExit({
      AUTH_SECRET: "x".repeat(32),
      CORS_ALLOWED_ORIGINS: "https://app.example.com/chat",
    });
    expect(code).not.toBe(0);
    expect(output).toContain("Invalid environment variable CORS_ALLOWED_ORIGINS");
  });
});
