import { describe, expect, it } from "vitest";
import { decideApiRequest, isGuardedApiPath } from "@/lib/security/api-guard";

describe("isGuardedApiPath", () => {
  it.each([
    { path: "/api/chat", expected: true },
    { path: "/api/chat/0b6e0c5e-6a1e-4f39-9d3f-5a4c1d2e3f40/stream", expected: true },
    { path: "/api/health", expected: true },
    { path: "/api", expected: true },
    { path: "/api/authors", expected: true },
    { path: "/api/auth", expected: false },
    { path: "/api/auth/guest", expected: false },
    { path: "/api/auth/callback/credentials", expected: false },
    { path: "/", expected: false },
    { path: "/chat/1", expected: false },
    { path: "/apiary", expected: false },
  ])("$path → $expected", ({ path, expected }) => {
    expect(isGuardedApiPath(path)).toBe(expected);
  });
});

describe("decideApiRequest", () => {
  const host = "chat.example.com";
  const partner = "https://partner.example";
  const decide = (method: string, headers: Record<string, string>, allowedOrigins: string[] = [partner]) =>
    decideApiRequest({ method, headers: new Headers({ host, ...headers }), allowedOrigins });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("forbids %s from another site", (method) => {
    const decision = decide(method, { origin: "https://evil.example" });
    expect(decision.action).toBe("forbid");
  });

  it.each(["GET", "HEAD"])("lets %s from another site through, without CORS headers", (method) => {
    expect(decide(method, { origin: "https://evil.example" }, [])).toEqual({ action: "continue", headers: {} });
  });

  it("lets a same-origin POST through", () => {
    expect(decide("POST", { origin: "https://chat.example.com" }, [])).toEqual({ action: "continue", headers: {} });
  });

  it("lets an allowed origin's POST through with credentialed CORS headers", () => {
    expect(decide("POST", { origin: partner })).toEqual({
      action: "continue",
      headers: {
        "Access-Control-Allow-Origin": partner,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Expose-Headers": "Retry-After",
        Vary: "Origin",
      },
    });
  });

  it("adds Vary: Origin (and nothing else) for other origins once CORS is configured", () => {
    expect(decide("GET", { origin: "https://evil.example" })).toEqual({ action: "continue", headers: { Vary: "Origin" } });
  });

  it("answers an allowed origin's preflight", () => {
    const decision = decide("OPTIONS", { origin: partner, "access-control-request-method": "POST" });
    expect(decision).toMatchObject({
      action: "preflight",
      headers: {
        "Access-Control-Allow-Origin": partner,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
      },
    });
    expect(decision.action === "preflight" && decision.headers.Vary).toContain("Origin");
  });

  it("forbids any other origin's preflight", () => {
    expect(decide("OPTIONS", { origin: "https://evil.example", "access-control-request-method": "DELETE" }).action).toBe("forbid");
    expect(decide("OPTIONS", { origin: partner, "access-control-request-method": "POST" }, []).action).toBe("forbid");
  });

  it("leaves an OPTIONS that is not a preflight to the route", () => {
    expect(decide("OPTIONS", {}, []).action).toBe("continue");
  });
});
