#!/usr/bin/env bash
# Vercel's build command (`npm run vercel-build`, named in vercel.json): the production build, then the database
# migrations when POSTGRES_URL is set. Migrating after a successful build means a build that fails leaves the
# database as it was; the new code is not live until the build (migrations included) has finished.
set -euo pipefail
cd "$(dirname "$0")/.."

npx next build
npx tsx scripts/db-migrate-on-build.ts
