#!/usr/bin/env bash
# npm run bench [-- --smoke | --rounds N --duration S --connections C]: builds (cold starts spawn
# the built service), then measures.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run --silent build
exec tsx scripts/bench/bench.ts "$@"
