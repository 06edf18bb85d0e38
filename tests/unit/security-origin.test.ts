import { describe, expect, it } from "vitest";
import { checkRequestOrigin, getRequestHosts, isAllowedOrigin, normalizeOrigin } from "@/lib/security/origin";

describe("normalizeOrigin", () => {
  it.each([
    { value: "https://app.example.com", expected: "https://app.example.com" },
    { value: "https://app.example.com/", expected: "https://app.example.com" },
    { value: "  https://App.Example.COM  ", expected: "https://app.example.com" },
    { value: "http://localhost:5173", expected: "http://localhost:5173" },
    { value: "https://app.example.com:443", expected: "https://app.example.com" },
    { value: "http://[::1]:3000", expected: "http://[::1]:3000" },
  ])("accepts $value as $expected", ({ value, expected }) => {
    expect(normalizeOrigin(value)).toBe(expected);
  });

  it.each([
    "*",
    "null",
    "app.example.com",
    "https://app.example.com/path",
    "https://app.example.com?x=1",
    "https://app.example.com#top",
    "https://user:pass@app.example.com",
    "https:app.example.com",
    "https://app.example.com\\",
    "ftp://app.example.com",
    "javascript:alert(1)",
    "",
  ])("rejects %j", (value) => {
    expect(normalizeOrigin(value)).toBeNull();
  });
});

describe("getRequestHosts", () => {
  it("reads the first X-Forwarded-Host value and the Host header, lowercased", () => {
    const headers = new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "Chat.Example.com, inner.proxy" });
    expect(getRequestHosts(headers)).toEqual(["chat.example.com", "127.0.0.1:3000"]);
  });

  it("is empty without either header", () => {
    expect(getRequestHosts(new Headers())).toEqual([]);
  });
});

describe("isAllowedOrigin", () => {
  const allowed = ["https://app.example.com"];
  it.each([
    { origin: "https://app.example.com", expected: true },
    { origin: "https://APP.example.com", expected: true },
    { origin: "http://app.example.com", expected: false },
    { origin: "https://app.example.com.evil.example", expected: false },
    { origin: "https://evil.example", expected: false },
    { origin: "null", expected: false },
    { origin: null, expected: false },
  ])("$origin → $expected", ({ origin, expected }) => {
    expect(isAllowedOrigin(origin, allowed)).toBe(expected);
  });
});

describe("checkRequestOrigin", () => {
  const host = "chat.example.com";
  const allowed = ["https://partner.example"];
  const cases: { name: string; headers: Record<string, string>; allowed: boolean; basis?: string }[] = [
    { name: "Origin of this host", headers: { host, origin: "https://chat.example.com" }, allowed: true, basis: "origin" },
    { name: "Origin of this host over http (a proxy that drops X-Forwarded-Proto)", headers: { host, origin: "http://chat.example.com" }, allowed: true, basis: "origin" },
    { name: "Origin matching X-Forwarded-Host", headers: { host: "10.0.0.5:3000", "x-forwarded-host": host, origin: "https://chat.example.com" }, allowed: true, basis: "origin" },
    { name: "Origin of an allowed CORS origin", headers: { host, origin: "https://partner.example" }, allowed: true, basis: "origin" },
    { name: "Origin of another site", headers: { host, origin: "https://evil.example" }, allowed: false },
    { name: "Origin of another port on this hostname", headers: { host, origin: "https://chat.example.com:8443" }, allowed: false },
    { name: "Origin of a sibling subdomain", headers: { host, origin: "https://evil.chat.example.com" }, allowed: false },
    { name: "Origin: null (sandboxed frame, data: URL)", headers: { host, origin: "null" }, allowed: false },
    { name: "Origin wins over a same-origin Sec-Fetch-Site", headers: { host, origin: "https://evil.example", "sec-fetch-site": "same-origin" }, allowed: false },
    { name: "Sec-Fetch-Site same-origin", headers: { host, "sec-fetch-site": "same-origin" }, allowed: true, basis: "sec-fetch-site" },
    { name: "Sec-Fetch-Site none (typed by the user)", headers: { host, "sec-fetch-site": "none" }, allowed: true, basis: "sec-fetch-site" },
    { name: "Sec-Fetch-Site same-site", headers: { host, "sec-fetch-site": "same-site" }, allowed: false },
    { name: "Sec-Fetch-Site cross-site", headers: { host, "sec-fetch-site": "cross-site" }, allowed: false },
    { name: "Referer of this host", headers: { host, referer: "https://chat.example.com/chat/1" }, allowed: true, basis: "referer" },
    { name: "Referer of an allowed CORS origin", headers: { host, referer: "https://partner.example/app" }, allowed: true, basis: "referer" },
    { name: "Referer of another site", headers: { host, referer: "https://evil.example/chat.example.com" }, allowed: false },
    { name: "an unparsable Referer", headers: { host, referer: "not a url" }, allowed: false },
    { name: "no Origin, Sec-Fetch-Site or Referer (curl, a server)", headers: { host }, allowed: true, basis: "no-browser-headers" },
  ];

  for (const testCase of cases) {
    it(`${testCase.allowed ? "allows" : "refuses"} ${testCase.name}`, () => {
      const verdict = checkRequestOrigin(new Headers(testCase.headers), allowed);
      expect(verdict.allowed).toBe(testCase.allowed);
      if (verdict.allowed) expect(verdict.basis).toBe(testCase.basis);
      else expect(verdict.reason.length).toBeGreaterThan(0);
    });
  }
});
