# chatbot: a production image on Next.js's standalone output (Node.js 22, non-root, ~250 MB).
#   docker build -t chatbot .
#   docker run --init -p 3000:3000 --env-file .env.local -v chatbot-data:/app/data chatbot
# or, with PostgreSQL and Redis: docker compose up -d (see docker-compose.yml and the README's Self-hosting).
# Migrations are applied when the server starts (under a PostgreSQL advisory lock, so replicas may start together).
# tests/integration/deploy-docker.test.ts reads the runner stage below and runs its files and command as written.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:22-bookworm-slim AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 BUILD_STANDALONE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:22-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 CHATBOT_DATA_DIR=/app/data
# Memory falls back after a load: freed buffers of 128 KiB and more go back to the system (see scripts/start.sh).
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072
# A restart of the container compiles less: Node keeps the server's compiled code there (see scripts/start.sh).
ENV NODE_COMPILE_CACHE=.next/cache/node-compile-cache
# Idle keep-alive connections outlive a proxy's (nginx, ALB: 60 s), so the proxy closes first (see scripts/start.sh).
ENV KEEP_ALIVE_TIMEOUT=65000
# The server and its traced node_modules (migrations and PGlite's files included), then what it serves as files.
COPY --from=builder /app/.next/standalone ./
COPY --from=builder /app/.next/static ./.next/static
COPY --from=builder /app/public ./public
# The server `npm start` runs too (Next.js with the build's config, the upload limit from the run's environment).
COPY --from=builder /app/scripts/server.cjs ./scripts/server.cjs
COPY --from=builder /app/lib/config/proxy-body-limit.cjs ./lib/config/proxy-body-limit.cjs
# The app's files stay root's, read-only to the server; it writes only to its data directory (uploads, PGlite)
# and to Node's compile cache.
RUN mkdir -p /app/data /app/.next/cache/node-compile-cache && chown node:node /app/data /app/.next/cache/node-compile-cache
USER node
EXPOSE 3000
VOLUME ["/app/data"]
# Unhealthy after four failed probes in a row (a minute), which leaves boot time for migrations. (No --start-period:
# dockerfilelint 1.8 misreads the option.)
HEALTHCHECK --interval=15s --timeout=5s --retries=4 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# AsyncLocalStorage without async_hooks' per-promise hooks: about a fifth less CPU per chat (see scripts/start.sh).
CMD ["node", "--experimental-async-context-frame", "scripts/server.cjs"]
