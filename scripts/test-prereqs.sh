#!/usr/bin/env bash
# Makes sure the machine has what the tests drive for real: Chromium (Playwright) and PostgreSQL 15 binaries.
# Installs them with apt-get when running as root on Debian; otherwise says what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "chatbot: installing test prerequisites: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # The Debian package starts a cluster of its own; tests start their own throwaway clusters instead.
  if command -v pg_ctlcluster >/dev/null; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
else
  echo "chatbot: the tests need: ${missing[*]} (on Debian/Ubuntu: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
