#!/usr/bin/env bash
# `npm start`: the production server (scripts/server.cjs: Next.js with the configuration its build wrote, which the
# Docker image runs too) with the runtime settings the image uses. Both are measured in bench/HOTSPOTS.md;
# bench/lib/production-runtime.ts holds the same values (a unit test keeps them equal). Arguments go to the server:
# `npm start -- -p 3001` (or PORT=3001), `-H 127.0.0.1`.
# - --experimental-async-context-frame: AsyncLocalStorage (which Next.js runs every request in) without async_hooks'
#   promise hooks, which otherwise run for every promise: about a fifth less CPU per chat and per streamed delta.
# - Not --heap-growing-percent=50: it holds idle RSS after a load near 250 MiB (instead of 280-440 until V8's next full
#   collection, ~40 s later), but in an A/B of the same build it cost about a third more CPU per chat (bench/HOTSPOTS.md,
#   "Memory"). A host short of memory can add it to the node command line below.
# - GLIBC_TUNABLES: freed buffers of 128 KiB and more go back to the system instead of staying in a fragmented heap,
#   so memory falls back after a load (~10 MiB of idle RSS since answers are no longer gzipped; ~120 MiB before).
#   An operator's own value wins.
# - NODE_COMPILE_CACHE: Node keeps the compiled code of every module it loads (Next.js's server and the build's
#   chunks) in .next/cache, so the next start of the same build skips most of the compiling: about a fifth less CPU
#   from start to the first answer (bench/HOTSPOTS.md, "Start-up"). Entries are keyed by each file's content.
# - Not --expose-gc: with it, lib/runtime/idle-gc.ts runs one memory-reducing collection once the server has been idle
#   for 2 s after a busy period (idle RSS ~155 MiB within seconds, no growth), but the load after each such collection
#   cost about a third more CPU per chat in an A/B of the same chats (bench/HOTSPOTS.md, "Memory, round 3"): any GC at
#   idle deoptimises code whose hidden classes died with the last request; V8's own one, ~40-60 s into an idle period,
#   does the same without the flag ("Memory, round 4"). A host short of memory can add it here or in NODE_OPTIONS.
# - KEEP_ALIVE_TIMEOUT (ms; Node's default is 5 s): idle keep-alive connections stay open longer than a proxy's or
#   load balancer's own (nginx's upstream keepalive_timeout and AWS ALB's are 60 s), so the proxy always closes first
#   and never sends a request on a connection the server is closing (an ECONNRESET / 502 for that request).
set -euo pipefail
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072}"
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-.next/cache/node-compile-cache}"
export KEEP_ALIVE_TIMEOUT="${KEEP_ALIVE_TIMEOUT:-65000}"
cd "$(dirname "$0")/.."
exec bash scripts/node22.sh node --experimental-async-context-frame scripts/server.cjs "$@"
