// Run once by the image build (Dockerfile): loads what a start loads and writes V8's compiled code for
// it to NODE_COMPILE_CACHE, so a new pod reads ~2.5 MB of bundled JavaScript's code instead of compiling
// it (README, "Performance"). Node keys the cache by its version, V8 flags and uid and ignores entries on
// any mismatch, so it must run with the image's own node, as the user the pod runs as.
import { flushCompileCache, getCompileCacheDir } from 'node:module';

const dir = getCompileCacheDir();
if (!dir) {
  console.error('compile-cache: set NODE_COMPILE_CACHE to the directory to fill (and make it writable)');
  process.exit(2);
}
// What app/main.ts loads before the service starts, then the management worker's own modules. Importing
// them runs no service: they only define things.
await import('./build-info.js');
await import('./config/load.js');
await import('./logger.js');
await import('./management/management.js');
await import('./server.js');
await import('./management/management-server.js');
await import('./management/management-state.js');
flushCompileCache();
process.stdout.write(`compile-cache: wrote ${dir}\n`);
