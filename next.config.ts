import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { getStreamRouteHeaders } from "./lib/http/stream-headers";
import { getStaticSecurityHeaders } from "./lib/security/headers";

export default function nextConfig(phase: string): NextConfig {
  return {
    // PGlite ships WASM and data files that bundlers must not rewrite; postgres-js is Node-only.
    serverExternalPackages: ["@electric-sql/pglite", "postgres"],
    poweredByHeader: false,
    // Load each route's code when it is first requested instead of every page and route at start: a new instance
    // answers its first chat sooner and keeps the code of pages nobody opened out of memory.
    experimental: { preloadEntriesOnStart: false },
    reactStrictMode: true,
    // The Content-Security-Policy needs a nonce per page and is set in proxy.ts.
    async headers() {
      return [
        { source: "/:path*", headers: getStaticSecurityHeaders({ isProduction: phase !== PHASE_DEVELOPMENT_SERVER }) },
        ...getStreamRouteHeaders(),
      ];
    },
  };
}
