/**
 * Every API route and the methods its route file exports, so that proxy.ts can answer a wrong method with a JSON 405
 * and an `Allow` header before Next.js answers it with an empty one. Keys are the route's folder under app/ without
 * route groups, as Next.js writes them. tests/unit/api-routes.test.ts reads every route file and fails when this table
 * and the files disagree, so a new route or method cannot be forgotten here.
 */
export const API_ROUTE_METHODS = {
  "/api/auth/[...nextauth]": ["GET", "POST"],
  "/api/auth/guest": ["GET"],
  "/api/chat": ["POST"],
  "/api/chat/[id]": ["GET", "PATCH", "DELETE"],
  "/api/chat/[id]/export": ["GET"],
  "/api/chat/[id]/stream": ["GET", "DELETE"],
  "/api/chat/[id]/votes": ["GET", "PUT"],
  "/api/chats": ["GET"],
  "/api/chats/import": ["POST"],
  "/api/files": ["POST"],
  "/api/files/[id]": ["GET"],
  "/api/health": ["GET", "HEAD"],
  "/api/metrics": ["GET"],
  "/api/models": ["GET"],
  "/api/share/[id]": ["GET"],
} as const satisfies Record<string, readonly HttpMethod[]>;

/** The methods a Next.js route file can export. */
const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof ROUTE_METHODS)[number];

export function isRouteMethod(method: string): method is HttpMethod {
  return (ROUTE_METHODS as readonly string[]).includes(method);
}

type CompiledRoute = { pattern: string; regex: RegExp; rank: number; allow: string };

/**
 * Next.js prefers static segments to dynamic ones and dynamic ones to catch-alls; so does this order, so that
 * /api/auth/guest is not read as a case of /api/auth/[...nextauth].
 */
function compile(pattern: string, methods: readonly HttpMethod[]): CompiledRoute {
  let rank = 0;
  const source = pattern
    .split("/")
    .slice(1)
    .map((segment) => {
      if (/^\[\[\.\.\..+\]\]$/.test(segment)) return (rank += 100), "(?:/.*)?";
      if (/^\[\.\.\..+\]$/.test(segment)) return (rank += 100), "/.+";
      if (/^\[.+\]$/.test(segment)) return (rank += 1), "/[^/]+";
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    })
    .join("");
  return { pattern, regex: new RegExp(`^${source}$`), rank, allow: allowHeader(methods) };
}

/** What a route file answers: its exports, HEAD wherever GET is (Next.js runs GET for it), and OPTIONS. */
function allowHeader(methods: readonly HttpMethod[]): string {
  const allowed = new Set<string>([...methods, "OPTIONS"]);
  if (allowed.has("GET")) allowed.add("HEAD");
  return [...allowed].sort().join(", ");
}

const ROUTES: CompiledRoute[] = Object.entries(API_ROUTE_METHODS)
  .map(([pattern, methods]) => compile(pattern, methods))
  .sort((a, b) => a.rank - b.rank);

/**
 * The `Allow` header of the API route that serves `pathname`, or null when no route in the table does (an unknown
 * path, answered 404 by app/api/[[...path]]/route.ts).
 */
export function allowedMethodsFor(pathname: string): string | null {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return ROUTES.find((route) => route.regex.test(path))?.allow ?? null;
}

export function isMethodAllowed(allow: string, method: string): boolean {
  return allow.split(", ").includes(method);
}
