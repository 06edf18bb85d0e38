#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: lint, types, a production build, then unit and integration
# tests (Vitest; real PostgreSQL 15 and servers they start), browser tests (Playwright in Chromium), and the
# scale-out tests (two instances behind nginx with PostgreSQL and Redis).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/test-prereqs.sh
[ -d node_modules ] || npm ci --no-audit --no-fund

echo "== lint and types"
npx eslint --max-warnings=0 .
npx tsc --noEmit

echo "== production build"
npx next build

echo "== unit and integration tests"
npx vitest run

echo "== browser tests"
npx playwright test

echo "== scale-out tests"
npx playwright test -c playwright.scale.config.ts
