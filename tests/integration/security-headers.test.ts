import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChat, type Guest, newGuest, postChat, readUIStream, userMessage } from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";

let server: AppServer;
let guest: Guest;

beforeAll(async () => {
  server = await startAppServer();
  guest = await newGuest(server.url);
});

afterAll(async () => {
  await server?.stop();
});

const EVIL = "https://evil.example";

function page(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { cookie: guest.cookie, ...init.headers }, redirect: "manual" });
}

function cspDirective(policy: string | null, name: string): string[] | undefined {
  const directive = policy
    ?.split(";")
    .map((part) => part.trim().split(/\s+/))
    .find(([directiveName]) => directiveName === name);
  return directive?.slice(1);
}

function nonceOf(policy: string | null): string {
  const match = /'nonce-([^']+)'/.exec(cspDirective(policy, "script-src")?.join(" ") ?? "");
  if (!match?.[1]) throw new Error(`no nonce in ${policy}`);
  return match[1];
}

async function loadPage(path: string) {
  const response = await page(path);
  expect(response.status).toBe(200);
  const csp = response.headers.get("content-security-policy");
  const html = await response.text();
  return { response, csp, html, scripts: html.match(/<script\b[^>]*>/g) ?? [] };
}

describe("Content-Security-Policy", () => {
  it("puts a fresh nonce on every page load and on every script tag of the page", async () => {
    const first = await loadPage("/");
    const second = await loadPage("/");
    const [firstNonce, secondNonce] = [nonceOf(first.csp), nonceOf(second.csp)];
    expect(firstNonce).not.toBe(secondNonce);

    expect(first.scripts.length).toBeGreaterThan(3);
    for (const tag of first.scripts) expect(tag).toContain(`nonce="${firstNonce}"`);
    expect(second.html).not.toContain(firstNonce);
  });

  it("allows no inline script, no eval and no framing on a page in production", async () => {
    const { csp } = await loadPage("/");
    const scriptSrc = cspDirective(csp, "script-src");
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("unsafe-eval");
    expect(cspDirective(csp, "frame-ancestors")).toEqual(["'none'"]);
    expect(cspDirective(csp, "object-src")).toEqual(["'none'"]);
    expect(cspDirective(csp, "base-uri")).toEqual(["'self'"]);
    expect(cspDirective(csp, "form-action")).toEqual(["'self'"]);
    expect(cspDirective(csp, "connect-src")).toEqual(["'self'"]);
    // Plain http: upgrading would send the page's own assets to an https port that does not exist.
    expect(cspDirective(csp, "upgrade-insecure-requests")).toBeUndefined();
  });

  it("upgrades insecure requests when a TLS proxy says the page came over https", async () => {
    const response = await page("/", { headers: { "x-forwarded-proto": "https" } });
    await response.body?.cancel();
    expect(cspDirective(response.headers.get("content-security-policy"), "upgrade-insecure-requests")).toEqual([]);
  });

  it("covers a chat page, the 404 page, and its scripts carry the nonce there too", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("hello") }));
    for (const path of [`/chat/${chatId}`, "/no-such-page"]) {
      const response = await page(path);
      const csp = response.headers.get("content-security-policy");
      const html = await response.text();
      const nonce = nonceOf(csp);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });

  it.each([
    { name: "GET /api/health", path: "/api/health", status: 200 },
    { name: "GET /api/chat/<missing id>", path: `/api/chat/${randomUUID()}`, status: 404 },
    { name: "a refused cross-site POST", path: "/api/chat", status: 403, init: { method: "POST", headers: { origin: EVIL } } },
  ])("answers $name with the locked-down API policy", async ({ path, status, init }) => {
    const response = await page(path, init);
    await response.body?.cancel();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe("security headers", () => {
  const expected = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
  };

  async function staticAssetPath(): Promise<string> {
    const { html } = await loadPage("/");
    const src = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    if (!src) throw new Error("no static script on the page");
    return src;
  }

  const targets: { name: string; path: () => Promise<string>; init?: RequestInit; status: number }[] = [
    { name: "a page", path: async () => "/", status: 200 },
    { name: "an API response", path: async () => "/api/health", status: 200 },
    { name: "an API error", path: async () => `/api/chat/${randomUUID()}`, status: 404 },
    { name: "a refused cross-site request", path: async () => "/api/chat", init: { method: "POST", headers: { origin: EVIL } }, status: 403 },
    { name: "the guest sign-in redirect", path: async () => "/api/auth/guest?redirectUrl=/", status: 303 },
    { name: "a static script", path: staticAssetPath, status: 200 },
  ];

  for (const target of targets) {
    it(`are all on ${target.name}`, async () => {
      const response = await page(await target.path(), target.init);
      await response.body?.cancel();
      expect(response.status).toBe(target.status);
      for (const [name, value] of Object.entries(expected)) expect(response.headers.get(name), name).toBe(value);
      expect(response.headers.get("x-powered-by")).toBeNull();
    });
  }
});

describe("CSRF: state-changing API requests must come from this site", () => {
  type Case = { name: string; headers: Record<string, string>; status: number };
  const refused: Case[] = [
    { name: "Origin of another site", headers: { origin: EVIL }, status: 403 },
    { name: "Origin: null", headers: { origin: "null" }, status: 403 },
    { name: "Origin of another port on this host", headers: { origin: "http://127.0.0.1:1" }, status: 403 },
    { name: "Sec-Fetch-Site: cross-site and no Origin", headers: { "sec-fetch-site": "cross-site" }, status: 403 },
    { name: "Sec-Fetch-Site: same-site and no Origin", headers: { "sec-fetch-site": "same-site" }, status: 403 },
    { name: "a Referer of another site and no Origin", headers: { referer: `${EVIL}/attack.html` }, status: 403 },
  ];

  for (const testCase of refused) {
    it(`refuses POST /api/chat with ${testCase.name}, and saves nothing`, async () => {
      const chatId = randomUUID();
      const response = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { cookie: guest.cookie, "content-type": "application/json", ...testCase.headers },
        body: JSON.stringify({ id: chatId, message: userMessage("transfer all my chats") }),
      });
      expect(response.status).toBe(testCase.status);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toMatch(/^Cross-site request refused/);
      expect((await getChat(server.url, guest, chatId)).status).toBe(404);
    });
  }

  it.each([
    { name: "an Origin of this server", headers: (url: string) => ({ origin: url }) },
    { name: "this host named by X-Forwarded-Host (behind a proxy)", headers: () => ({ origin: "https://chat.example.com", "x-forwarded-host": "chat.example.com" }) },
    { name: "Sec-Fetch-Site: same-origin", headers: () => ({ "sec-fetch-site": "same-origin" }) },
    { name: "a Referer of this server", headers: (url: string) => ({ referer: `${url}/` }) },
    { name: "no Origin, Sec-Fetch-Site or Referer (not a browser)", headers: () => ({}) },
  ])("accepts POST /api/chat with $name", async ({ headers }) => {
    const chatId = randomUUID();
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { cookie: guest.cookie, "content-type": "application/json", ...headers(server.url) },
      body: JSON.stringify({ id: chatId, message: userMessage("hello from this site") }),
    });
    expect(response.status).toBe(200);
    await readUIStream(response);
    expect((await getChat(server.url, guest, chatId)).status).toBe(200);
  });

  it("refuses DELETE of a chat and of its stream from another site, and keeps the chat", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("keep me") }));
    for (const path of [`/api/chat/${chatId}`, `/api/chat/${chatId}/stream`]) {
      const response = await page(path, { method: "DELETE", headers: { origin: EVIL } });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    expect((await getChat(server.url, guest, chatId)).status).toBe(200);

    const sameSite = await page(`/api/chat/${chatId}`, { method: "DELETE", headers: { origin: server.url } });
    expect(sameSite.status).toBe(204);
    expect((await getChat(server.url, guest, chatId)).status).toBe(404);
  });

  it("still lets another site GET (reads are protected by CORS and the session, not by this rule)", async () => {
    const response = await page("/api/health", { headers: { origin: EVIL } });
    await response.body?.cancel();
    expect(response.status).toBe(200);
  });
});

describe("CORS by default (CORS_ALLOWED_ORIGINS unset)", () => {
  it("gives another origin no Access-Control-Allow-Origin", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("private") }));
    for (const path of ["/api/health", `/api/chat/${chatId}`]) {
      const response = await page(path, { headers: { origin: EVIL } });
      await response.body?.cancel();
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("refuses another origin's preflight with 403 forbidden and no CORS headers", async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: "OPTIONS",
      headers: { origin: EVIL, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });
});

describe("session cookie", () => {
  function sessionCookie(response: Response): { name: string; value: string; attributes: Map<string, string> } {
    const header = response.headers.getSetCookie().find((cookie) => /^(__Secure-)?authjs\.session-token=/.test(cookie));
    if (!header) throw new Error(`no session cookie in ${response.headers.getSetCookie().join(" | ")}`);
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    return {
      name: pair.slice(0, pair.indexOf("=")),
      value: pair.slice(pair.indexOf("=") + 1),
      attributes: new Map(
        attributes.map((attribute) => {
          const [key = "", value = ""] = attribute.split("=");
          return [key.toLowerCase(), value];
        }),
      ),
    };
  }

  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain http", async () => {
    const response = await fetch(`${server.url}/api/auth/guest?redirectUrl=/`, { redirect: "manual" });
    await response.body?.cancel();
    const { name, attributes } = sessionCookie(response);
    expect(name).toBe("authjs.session-token");
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.get("path")).toBe("/");
    expect(attributes.has("secure")).toBe(false);
  });

  it("becomes a Secure __Secure- cookie when a TLS proxy sends X-Forwarded-Proto: https", async () => {
    const response = await fetch(`${server.url}/api/auth/guest?redirectUrl=/`, {
      redirect: "manual",
      headers: { "x-forwarded-proto": "https" },
    });
    await response.body?.cancel();
    const { name, attributes } = sessionCookie(response);
    expect(name).toBe("__Secure-authjs.session-token");
    expect(attributes.has("secure")).toBe(true);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.get("path")).toBe("/");
  });

  it.each(["http", "https"])("lasts Auth.js's 30 days and is read by Auth.js's own /api/auth/session (X-Forwarded-Proto: %s)", async (proto) => {
    const response = await fetch(`${server.url}/api/auth/guest?redirectUrl=/`, { redirect: "manual", headers: { "x-forwarded-proto": proto } });
    await response.body?.cancel();
    const { name, value, attributes } = sessionCookie(response);
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    expect(Math.abs(Date.parse(attributes.get("expires") ?? "") - (Date.now() + thirtyDays))).toBeLessThan(10 * 60 * 1000);

    const session = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: `${name}=${value}`, "x-forwarded-proto": proto } });
    expect(session.status).toBe(200);
    const body = (await session.json()) as { user?: { id?: string; email?: string | null }; expires?: string } | null;
    expect(body?.user?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body?.user?.email ?? null).toBeNull();
    expect(Math.abs(Date.parse(body?.expires ?? "") - (Date.now() + thirtyDays))).toBeLessThan(10 * 60 * 1000);
    // The cookie of the other scheme is not this request's session, as Auth.js reads it.
    const otherScheme = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: `${name}=${value}`, "x-forwarded-proto": proto === "https" ? "http" : "https" } });
    expect(await otherScheme.json()).toBeNull();
  });

  it("is not handed out by Auth.js's credentials callback for guests, which no rate limit guards", async () => {
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    const response = await fetch(`${server.url}/api/auth/callback/guest`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
    });
    await response.body?.cancel();
    expect(response.status).toBeLessThan(500);
    expect(response.headers.getSetCookie().filter((cookie) => cookie.includes("session-token="))).toEqual([]);
  });
});

describe("guest sign-in redirect", () => {
  it.each([
    { redirectUrl: "//evil.com", expected: "/" },
    { redirectUrl: "%2F%2Fevil.com", expected: "/" },
    { redirectUrl: "https://evil.com/", expected: "/" },
    { redirectUrl: "/%5Cevil.com", expected: "/" },
    { redirectUrl: "javascript:alert(1)", expected: "/" },
    { redirectUrl: "%2Fchat%2Fabc", expected: "/chat/abc" },
  ])("sends redirectUrl=$redirectUrl to $expected on this site", async ({ redirectUrl, expected }) => {
    for (const who of [null, guest]) {
      const response = await fetch(`${server.url}/api/auth/guest?redirectUrl=${redirectUrl}`, {
        redirect: "manual",
        headers: who ? { cookie: who.cookie } : {},
      });
      await response.body?.cancel();
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.status).toBeLessThan(400);
      const location = response.headers.get("location") ?? "";
      expect(location).not.toMatch(/evil/);
      const target = new URL(location, server.url);
      expect(target.origin).toBe(new URL(server.url).origin);
      expect(target.pathname).toBe(expected);
    }
  });
});

describe("GET /api/metrics without METRICS_TOKEN", () => {
  it("does not exist: 404 as JSON, whatever token is sent", async () => {
    for (const headers of [{}, { authorization: "Bearer any-token-at-all-0123456789" }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/api/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });
});

describe("answer streams", () => {
  const asBrowser = { "accept-encoding": "gzip, deflate, br" };

  it("streams an answer uncompressed to a browser that accepts gzip, and tells proxies not to transform it", async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { ...asBrowser, "content-type": "application/json", cookie: guest.cookie },
      body: JSON.stringify({ id: randomUUID(), message: userMessage("Hello there") }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("cache-control")).toContain("no-transform");
    expect((await readUIStream(response)).text.length).toBeGreaterThan(0);
  });

  it("still compresses other API answers", async () => {
    const response = await fetch(`${server.url}/api/models`, { headers: { ...asBrowser, cookie: guest.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(response.headers.get("cache-control")).toContain("no-store");
    await response.body?.cancel();
  });
});
