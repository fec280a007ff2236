#!/usr/bin/env bash
# Runs skaffold with the build args the Dockerfile stamps into /api/version.
#   scripts/skaffold.sh dev | run | delete …
set -euo pipefail
cd "$(dirname "$0")/.."
GIT_COMMIT="$(git rev-parse --short HEAD)"
APP_VERSION="$(node -p 'require("./package.json").version')"
export GIT_COMMIT APP_VERSION
exec skaffold "$@"
