import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readSessionUserId, usesSecureSessionCookie } from "@/lib/auth/session-token";

const SECRET = "a-session-secret-for-these-tests";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

async function tokenFor(id: string, cookieName: string, options: { secret?: string; maxAge?: number } = {}): Promise<string> {
  return encode({ token: { id, type: "guest", sub: id }, secret: options.secret ?? SECRET, salt: cookieName, maxAge: options.maxAge });
}

function request(cookie: string, proto: string | null = "http"): Headers {
  const headers = new Headers({ cookie });
  if (proto) headers.set("x-forwarded-proto", proto);
  return headers;
}

const read = (headers: Headers, authUrl: string | null = null) => readSessionUserId(headers, { secret: SECRET, authUrl });

afterEach(() => {
  vi.useRealTimers();
});

describe("reading the session user id as Auth.js does", () => {
  it("reads the plain cookie over http, and again from the cache", async () => {
    const token = await tokenFor("user-http", PLAIN);
    expect(await read(request(`theme=dark; ${PLAIN}=${token}`))).toBe("user-http");
    expect(await read(request(`${PLAIN}=${token}`))).toBe("user-http");
  });

  it("over https reads only the __Secure- cookie, as Auth.js does", async () => {
    const plain = await tokenFor("user-plain", PLAIN);
    const secure = await tokenFor("user-secure", SECURE);
    expect(await read(request(`${PLAIN}=${plain}`, "https"))).toBeNull();
    expect(await read(request(`${PLAIN}=${plain}; ${SECURE}=${secure}`, "https"))).toBe("user-secure");
    // No X-Forwarded-Proto: Auth.js assumes https.
    expect(await read(request(`${SECURE}=${secure}`, null))).toBe("user-secure");
  });

  it("takes the scheme from AUTH_URL when it is set", async () => {
    const secure = await tokenFor("user-behind-proxy", SECURE);
    expect(await read(request(`${SECURE}=${secure}`, "http"), "https://chat.example.com")).toBe("user-behind-proxy");
    expect(usesSecureSessionCookie(request("", "https"), "http://localhost:3000")).toBe(false);
  });

  it("joins a token split into chunked cookies", async () => {
    const token = await tokenFor("user-chunked", PLAIN);
    const middle = Math.floor(token.length / 2);
    expect(await read(request(`${PLAIN}.1=${token.slice(middle)}; ${PLAIN}.0=${token.slice(0, middle)}`))).toBe("user-chunked");
  });

  it("refuses a token made with another secret, a tampered one and garbage", async () => {
    const foreign = await tokenFor("user-foreign", PLAIN, { secret: "another-secret-of-enough-length" });
    const genuine = await tokenFor("user-genuine", PLAIN);
    const tampered = `${genuine.slice(0, -4)}${genuine.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    expect(await read(request(`${PLAIN}=${foreign}`))).toBeNull();
    expect(await read(request(`${PLAIN}=${tampered}`))).toBeNull();
    expect(await read(request(`${PLAIN}=not-a-token`))).toBeNull();
    expect(await read(request("theme=dark"))).toBeNull();
  });

  it("stops accepting a cached token once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const token = await tokenFor("user-expiring", PLAIN, { maxAge: 60 });
    expect(await read(request(`${PLAIN}=${token}`))).toBe("user-expiring");
    vi.setSystemTime(new Date("2026-01-01T00:01:10Z"));
    // Within Auth.js's 15 s clock tolerance.
    expect(await read(request(`${PLAIN}=${token}`))).toBe("user-expiring");
    vi.setSystemTime(new Date("2026-01-01T00:01:20Z"));
    expect(await read(request(`${PLAIN}=${token}`))).toBeNull();
  });
});
