#!/usr/bin/env bash
# npm start: builds when any source is newer than the build, then runs the service
# with its embedded defaults (no database or other service needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/app/main.js ] || [ -n "$(find app package.json package-lock.json scripts/build.mjs scripts/eager-module-bodies.ts scripts/one-byte-source.ts -newer build/app/main.js -print -quit)" ]; then
  npm run --silent build
fi
# Without DATABASE_URL the items live in PGlite; keep them (and skip initdb) across restarts.
if [ -z "${DATABASE_URL:-}" ] && [ -z "${PGLITE_DATA_DIR+set}" ]; then
  export PGLITE_DATA_DIR=.data/pglite
  mkdir -p "$PGLITE_DATA_DIR"
fi
exec node build/app/main.js
