import { describe, expect, it } from "vitest";
import { API_CSP, buildPageCsp, createNonce } from "@/lib/security/csp";
import { getStaticSecurityHeaders } from "@/lib/security/headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("createNonce", () => {
  it("is 16 random bytes in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("buildPageCsp", () => {
  const production = directives(buildPageCsp({ nonce: "abc123==", allowEval: false, upgradeInsecureRequests: false }));

  it("allows scripts only with the nonce (and what they load), never inline or eval in production", () => {
    expect(production.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(buildPageCsp({ nonce: "n", allowEval: false, upgradeInsecureRequests: true })).not.toContain("unsafe-eval");
  });

  it("allows eval only when asked to (development)", () => {
    const development = directives(buildPageCsp({ nonce: "n", allowEval: true, upgradeInsecureRequests: false }));
    expect(development.get("script-src")).toContain("'unsafe-eval'");
  });

  it.each([
    ["default-src", ["'self'"]],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ])("sets %s to %j", (name, sources) => {
    expect(production.get(name)).toEqual(sources);
  });

  it("upgrades insecure requests only when the page itself came over https", () => {
    expect(production.has("upgrade-insecure-requests")).toBe(false);
    const https = directives(buildPageCsp({ nonce: "n", allowEval: false, upgradeInsecureRequests: true }));
    expect(https.get("upgrade-insecure-requests")).toEqual([]);
  });
});

describe("API_CSP", () => {
  it("lets an API response load nothing and be framed by no one", () => {
    expect(directives(API_CSP)).toEqual(
      new Map([
        ["default-src", ["'none'"]],
        ["frame-ancestors", ["'none'"]],
      ]),
    );
  });
});

describe("getStaticSecurityHeaders", () => {
  const asRecord = (isProduction: boolean) =>
    Object.fromEntries(getStaticSecurityHeaders({ isProduction }).map(({ key, value }) => [key, value]));

  it("sends the fixed headers in every environment", () => {
    for (const isProduction of [true, false]) {
      expect(asRecord(isProduction)).toMatchObject({
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
      });
    }
  });

  it("pins https (HSTS) in production only", () => {
    expect(asRecord(true)["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(asRecord(false)).not.toHaveProperty("Strict-Transport-Security");
  });
});
