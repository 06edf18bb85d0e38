#!/usr/bin/env bash
# Builds the app on this machine exactly as a Vercel deployment does (`vercel build --prod` → .vercel/output), with
# no Vercel account and no network: `vercel build` needs no login once .vercel/project.json names a project. A
# checkout not linked with `vercel link` gets a placeholder for the build, removed afterwards so that `npm run deploy`
# still asks which project to deploy to. .vercel/ is git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f .vercel/project.json ]; then
  mkdir -p .vercel
  trap 'rm -f .vercel/project.json' EXIT
  # An empty install command: the dependencies are installed already (Vercel's own builds install them).
  printf '%s\n' '{"projectId":"prj_local_build","orgId":"team_local_build","settings":{"framework":"nextjs","installCommand":""}}' \
    > .vercel/project.json
fi
NO_UPDATE_NOTIFIER=1 VERCEL_TELEMETRY_DISABLED=1 npx vercel build --prod "$@"
