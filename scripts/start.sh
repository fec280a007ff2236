#!/usr/bin/env bash
# npm start: builds when any source is newer than the build, then runs the service
# with its embedded defaults (no database or other service needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/app/main.js ] || [ -n "$(find app package.json tsconfig.json tsconfig.build.json -newer build/app/main.js -print -quit)" ]; then
  npm run --silent build
fi
exec node build/app/main.js
