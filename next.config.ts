import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
// Only modules without zod (or other packages): Next.js compiles this file and everything it imports with SWC on
// every start (lib/config/next-build.ts says why).
import { isStandaloneBuild, maxProxyBodyBytes } from "./lib/config/next-build";
import { getStreamRouteHeaders } from "./lib/http/stream-headers";
import { getStaticSecurityHeaders } from "./lib/security/headers";

export default function nextConfig(phase: string): NextConfig {
  return {
    // PGlite ships WASM and data files that bundlers must not rewrite; postgres-js is Node-only, and so are ioredis and
    // rate-limiter-flexible (which requires its optional stores lazily). prom-client keeps one module (and registry)
    // per process. pino and pino-pretty are on Next's own list of external packages. unpdf (pdf.js) and mammoth run
    // in the document extraction worker (lib/documents/extract-worker.ts), loaded from node_modules.
    serverExternalPackages: ["@electric-sql/pglite", "postgres", "ioredis", "rate-limiter-flexible", "prom-client", "unpdf", "mammoth"],
    // The Docker image runs .next/standalone; its trace (like each Vercel function's) must carry drizzle/ and
    // PGlite's WASM and data files, which tests/integration/deploy-*.test.ts check.
    ...(isStandaloneBuild() ? { output: "standalone" as const } : {}),
    poweredByHeader: false,
    experimental: {
      // Load each route's code when it is first requested instead of every page and route at start: a new instance
      // answers its first chat sooner and keeps the code of pages nobody opened out of memory.
      preloadEntriesOnStart: false,
      // proxy.ts sees every request: without this, Next would cut uploads above 10 MB short (UPLOAD_MAX_FILE_MB).
      proxyClientMaxBodySize: maxProxyBodyBytes(),
    },
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
