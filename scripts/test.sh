#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: lint, types, a production build, then unit and integration
# tests (Vitest; real PostgreSQL 15 and servers they start), browser tests (Playwright in Chromium), and the
# scale-out tests (two instances behind nginx with PostgreSQL and Redis).
# The one build is Vercel's (`vercel build --prod`, offline), with BUILD_STANDALONE=1: its `next build` serves
# the production server (scripts/server.cjs) in the tests, its .next/standalone the Docker image's test and its
# .vercel/output the Vercel test.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/test-prereqs.sh
[ -d node_modules ] || npm ci --no-audit --no-fund

echo "== lint and types"
npx eslint --max-warnings=0 .
npx tsc --noEmit
npx dockerfilelint Dockerfile

echo "== production build (as Vercel builds it, plus the standalone server of the Docker image)"
BUILD_STANDALONE=1 bash scripts/vercel-build-local.sh

echo "== unit and integration tests"
npx vitest run

echo "== browser tests"
npx playwright test

echo "== scale-out tests"
npx playwright test -c playwright.scale.config.ts
