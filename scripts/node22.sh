#!/usr/bin/env bash
# Runs a command with Node.js 22 or newer first on PATH. When the system Node is older (Debian 12 ships 20),
# Node 22 is installed once from the npm registry into ~/.cache/chatbot/node22; nothing else changes.
set -euo pipefail

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  dir="${CHATBOT_NODE22_DIR:-$HOME/.cache/chatbot/node22}"
  if [ ! -x "$dir/bin/node" ]; then
    echo "chatbot: Node.js $(node -v 2>/dev/null || echo missing) is older than 22; installing Node 22 into $dir (once)" >&2
    npm install --global --prefix "$dir" --no-audit --no-fund node@22 >&2
  fi
  export PATH="$dir/bin:$PATH"
fi
exec "$@"
