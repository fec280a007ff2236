// npm run build: bundles app/ into build/app/ with esbuild. A pod starts by loading
// ~280 modules; resolving and compiling them one by one was most of its cold start
// (README, "Performance"). Types are checked by `npm run typecheck`, not here.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, transform } from 'esbuild';
import { eagerModuleBodies } from './eager-module-bodies.ts';
import { oneByteSource } from './one-byte-source.ts';

const outdir = new URL('../build/app/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

const { outputFiles } = await build({
  // The worker is its own entry: management.ts starts it from `./worker.js` beside the chunks. The
  // image build runs compile-cache-cli.js once (Dockerfile).
  entryPoints: ['app/main.ts', 'app/management/worker.ts', 'app/compile-cache-cli.ts'],
  outdir,
  entryNames: '[name]',
  bundle: true,
  // Code loaded only on demand (OpenAPI docs, tracing, PGlite's executor) stays in its own chunk.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // Loaded from node_modules at run time, because they read their own files or load only when used:
  // PGlite its WASM and data, swagger-ui-express the Swagger UI assets, pino-pretty is a dev
  // dependency, pg-native is pg's optional native driver, and the OpenTelemetry SDK loads only with
  // tracing on. Not @opentelemetry/api: prom-client requires it at every start, and from node_modules
  // its ~65 files took ~13 ms of a cold start. The SDK's own copy of it shares the bundled one's
  // state, which the API keeps in a global under a versioned key.
  external: [
    '@electric-sql/pglite',
    'swagger-ui-express',
    'pino-pretty',
    'pg-native',
    '@opentelemetry/core',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/resources',
    '@opentelemetry/sdk-trace-node',
  ],
  // Bundled CommonJS packages call require() for Node's built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  // Readable stack traces: not minified (a minified bundle started no faster here), and every function
  // and class keeps its name, which esbuild would otherwise change where two modules use the same one.
  minify: false,
  keepNames: true,
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
});

for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  if (!file.path.endsWith('.js')) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  const code = await oneByteSource(eagerModuleBodies(file.text, file.path), file.path);
  // The rewrite works on esbuild's layout, not a syntax tree: a chunk it got wrong fails here, not in a pod.
  await transform(code, { loader: 'js', format: 'esm', sourcefile: file.path });
  writeFileSync(file.path, code);
}
