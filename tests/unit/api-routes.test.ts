import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedMethodsFor, API_ROUTE_METHODS, isMethodAllowed } from "@/lib/http/api-routes";
import { refuseApiRequest } from "@/lib/http/refuse-api-request";

const APP_DIR = path.resolve(__dirname, "../../app");
/** Answers 404 to every method on paths no other route serves; it is the fallback, not a route of the table. */
const NOT_FOUND_ROUTE = "/api/[[...path]]";
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Each API route file under app/, by its URL pattern (route groups dropped), with the HTTP methods it exports. */
function readApiRouteFiles(): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  for (const file of readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })) {
    if (path.basename(file) !== "route.ts") continue;
    const segments = path.dirname(file).split(path.sep).filter((segment) => !/^\(.+\)$/.test(segment));
    const pattern = `/${segments.join("/")}`;
    if (!pattern.startsWith("/api") || pattern === NOT_FOUND_ROUTE) continue;
    const source = readFileSync(path.join(APP_DIR, file), "utf8");
    const exported = new Set<string>();
    for (const match of source.matchAll(/export\s+(?:async\s+)?(?:const|function|let)\s+([A-Z]+)\b/g)) exported.add(match[1]!);
    for (const match of source.matchAll(/export\s+(?:const\s*)?\{([^}]*)\}/g)) {
      for (const name of match[1]!.split(",")) exported.add(name.trim().split(/\s+as\s+/).pop()!.trim());
    }
    routes[pattern] = METHODS.filter((method) => exported.has(method));
  }
  return routes;
}

describe("API_ROUTE_METHODS", () => {
  it("lists every API route file under app/ with exactly the methods it exports", () => {
    const files = readApiRouteFiles();
    expect(Object.keys(files).length).toBeGreaterThan(10);
    const table = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([pattern, methods]) => [pattern, [...methods].sort()]));
    const fromFiles = Object.fromEntries(Object.entries(files).map(([pattern, methods]) => [pattern, [...methods].sort()]));
    expect(table).toEqual(fromFiles);
  });
});

describe("allowedMethodsFor", () => {
  it.each([
    { path: "/api/chat", allow: "OPTIONS, POST" },
    { path: "/api/chat/", allow: "OPTIONS, POST" },
    { path: "/api/chat/0b6e0c5e-6a1e-4f39-9d3f-5a4c1d2e3f40", allow: "DELETE, GET, HEAD, OPTIONS, PATCH" },
    { path: "/api/chat/anything/votes", allow: "GET, HEAD, OPTIONS, PUT" },
    { path: "/api/health", allow: "GET, HEAD, OPTIONS" },
    { path: "/api/auth/guest", allow: "GET, HEAD, OPTIONS" },
    { path: "/api/auth/callback/github", allow: "GET, HEAD, OPTIONS, POST" },
    { path: "/api/auth/session", allow: "GET, HEAD, OPTIONS, POST" },
    { path: "/api/chat/a/b/c", allow: null },
    { path: "/api/nothing-here", allow: null },
    { path: "/api", allow: null },
    { path: "/api/chats/import/more", allow: null },
  ])("$path → $allow", ({ path: pathname, allow }) => {
    expect(allowedMethodsFor(pathname)).toBe(allow);
  });

  it("reads HEAD as allowed wherever GET is, and nothing else that is not listed", () => {
    const allow = allowedMethodsFor("/api/models")!;
    expect(isMethodAllowed(allow, "HEAD")).toBe(true);
    expect(isMethodAllowed(allow, "POST")).toBe(false);
    expect(isMethodAllowed(allow, "GE")).toBe(false);
  });
});

describe("refuseApiRequest", () => {
  it("answers a wrong method with a JSON 405 and the Allow header", async () => {
    const response = refuseApiRequest({ method: "PUT", pathname: "/api/chat", isPreflight: false })!;
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it.each(["/api/chat/%ZZ", "/api/chat/%E0%A4%A", "/api/share/%", "/api/nothing/%C0%AF"])(
    "answers the undecodable path %s with a JSON 400",
    async (pathname) => {
      const response = refuseApiRequest({ method: "GET", pathname, isPreflight: false })!;
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "bad_request" } });
    },
  );

  it("answers a method no route file can export with 405 on a known path and 404 on an unknown one", async () => {
    const known = refuseApiRequest({ method: "PROPFIND", pathname: "/api/chat", isPreflight: false })!;
    expect(known.status).toBe(405);
    const unknown = refuseApiRequest({ method: "PROPFIND", pathname: "/api/nothing", isPreflight: false })!;
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("lets allowed methods, unknown paths (the 404 route's) and CORS preflights through", () => {
    expect(refuseApiRequest({ method: "POST", pathname: "/api/chat", isPreflight: false })).toBeNull();
    expect(refuseApiRequest({ method: "HEAD", pathname: "/api/health", isPreflight: false })).toBeNull();
    expect(refuseApiRequest({ method: "PUT", pathname: "/api/unknown", isPreflight: false })).toBeNull();
    expect(refuseApiRequest({ method: "OPTIONS", pathname: "/api/chat", isPreflight: true })).toBeNull();
  });
});
