#!/usr/bin/env bash
# Makes sure the machine has what the tests drive for real: Chromium (Playwright), PostgreSQL 15 binaries, and
# redis-server and nginx (the scale-out tests). Installs them with apt-get when running as root on Debian;
# otherwise says what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "chatbot: installing test prerequisites: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The packages' services (a Postgres cluster, Redis on 6379, nginx on 80) are not wanted: the tests start their
  # own on free ports. Debian's policy-rc.d hook keeps them from starting, and so from failing on a busy port 80.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  if command -v pg_ctlcluster >/dev/null; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
else
  echo "chatbot: the tests need: ${missing[*]} (on Debian/Ubuntu: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
