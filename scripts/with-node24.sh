#!/usr/bin/env bash
# Runs a command under Node.js 24. When the machine's node is older, Node 24 is
# installed once from the npm registry's `node` package into a local cache and
# put first on PATH, so every npm script works on a machine with Node 20.
set -euo pipefail

want=24
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -lt "$want" ]; then
  cache="${CANARY_LAB_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/canary-lab/node$want}"
  if [ ! -x "$cache/node_modules/.bin/node" ]; then
    echo "with-node24: installing Node $want into $cache (system node is $(node -v 2>/dev/null || echo absent))" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$want" >&2
  fi
  export PATH="$cache/node_modules/.bin:$PATH"
fi
[ "$#" -eq 0 ] && exec node --version
exec "$@"
