# syntax=docker/dockerfile:1
# sample-api: bundled with the lockfile's toolchain, run on distroless Node 24 as
# uid 65532 with production dependencies only.
#   docker build --build-arg GIT_COMMIT=$(git rev-parse --short=12 HEAD) \
#     --build-arg APP_VERSION=$(node -p 'require("./package.json").version') -t sample-api .
# test/process/image-final-stage.test.ts reproduces the final stage without Docker by
# reading the COPY lines below: keep every runtime file in one of them.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# esbuild reads tsconfig.json for how to compile the TypeScript (class fields, module syntax).
COPY tsconfig.json ./
COPY scripts/with-node24.sh scripts/build.mjs scripts/eager-module-bodies.ts scripts/one-byte-source.ts scripts/write-build-info.mjs ./scripts/
COPY app ./app
# write-build-info.mjs reads these and fails without a commit: there is no .git in the context.
ARG GIT_COMMIT
ARG APP_VERSION
ENV GIT_COMMIT=${GIT_COMMIT} APP_VERSION=${APP_VERSION}
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM gcr.io/distroless/nodejs24-debian12:nonroot
ARG GIT_COMMIT
ARG APP_VERSION
LABEL org.opencontainers.image.title="sample-api" \
      org.opencontainers.image.description="Instrumented Express service for Argo Rollouts canary analysis (Canary Lab)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}"
WORKDIR /app
ENV NODE_ENV=production PORT=8080
# glibc's malloc, for a small resident set (README "Performance"): at most two arenas instead of one per thread
# that allocates (main, management worker, V8's and libuv's pools), and freed memory at the top of the heap goes
# back to the system past 64 KiB instead of past a threshold glibc keeps raising. ~4 MiB less at idle here, the
# same throughput. glibc ignores a misspelt tunable: the image test reads these back through ld.so.
ENV GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=65536
# Owned by root and read-only to the runtime user: the process cannot rewrite its own code.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/build ./build
USER 65532:65532
# V8's compiled code for what a start loads (~10% off a cold start, README "Performance"), written by this
# image's own node as the user the pod runs as: Node keys the cache by its version, V8 flags and uid, and
# ignores it on any mismatch. The directory is that user's: pods mount the root filesystem read-only, so
# there it is only read (outside Kubernetes, `docker run --read-only` does the same).
ENV NODE_COMPILE_CACHE=/home/nonroot/.cache/node-compile-cache
RUN ["/nodejs/bin/node", "build/app/compile-cache-cli.js"]
EXPOSE 8080
# The distroless entrypoint is node itself; exec form, so SIGTERM reaches the process.
CMD ["build/app/main.js"]
