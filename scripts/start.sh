#!/usr/bin/env bash
# `npm start`: the production server (`next start`) with the runtime settings the Docker image uses too. Both are
# measured in bench/HOTSPOTS.md; bench/lib/production-runtime.ts holds the same values (a unit test keeps them equal).
# - --experimental-async-context-frame: AsyncLocalStorage (which Next.js runs every request in) without async_hooks'
#   promise hooks, which otherwise run for every promise: about a fifth less CPU per chat and per streamed delta.
# - --heap-growing-percent=50: V8 runs its next full collection when the JS heap reaches 1.5x what the last one kept
#   (by default up to 4x on a machine with much memory). An idle server runs none for ~40 s, so an answer's garbage,
#   promoted while answers stream concurrently, stayed resident: idle RSS after the bench's loads 355/383/434 MiB
#   -> 249/251/252 MiB, no growth; live heap ~62 MiB either way, CPU per chat unchanged within noise.
# - GLIBC_TUNABLES: freed buffers of 128 KiB and more go back to the system instead of staying in a fragmented heap,
#   so memory falls back after a load (~10 MiB of idle RSS since answers are no longer gzipped; ~120 MiB before).
#   An operator's own value wins.
# - NODE_COMPILE_CACHE: Node keeps the compiled code of every module it loads (Next.js's server and the build's
#   chunks) in .next/cache, so the next start of the same build skips most of the compiling: about a fifth less CPU
#   from start to the first answer (bench/HOTSPOTS.md, "Start-up"). Entries are keyed by each file's content.
set -euo pipefail
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072}"
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-.next/cache/node-compile-cache}"
cd "$(dirname "$0")/.."
exec bash scripts/node22.sh node --experimental-async-context-frame --heap-growing-percent=50 node_modules/next/dist/bin/next start "$@"
