import { hostname } from 'node:os';
import { readBuildInfo } from './build-info.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logger.js';
import { spawnConfiguredManagement } from './management/management.js';
import { settleHeap } from './settle-heap.js';

// The one place that reads the environment, listens and handles signals.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const buildInfo = readBuildInfo(
  new URL('../build-info.json', import.meta.url),
  process.env.npm_package_version ?? '0.0.0',
);
const host = config.service.podName || hostname();
const logger = createLogger({
  level: config.log.level,
  pretty: config.log.pretty,
  base: { service: config.service.name, version: buildInfo.version, pod: host },
  // Trace ids on log lines only when tracing is on: nothing per line, and no OpenTelemetry to load, otherwise.
  ...(config.tracing.enabled ? { mixin: (await import('./tracing/log-mixin.js')).activeSpanIds } : {}),
});

// Spawned before the rest of the app is loaded (~0.1 s of the bundle here): the worker boots meanwhile.
const management = spawnConfiguredManagement(config, logger);
const { startService } = await import('./server.js');

const service = await startService({
  config,
  logger,
  buildInfo,
  hostname: host,
  settleHeap,
  ...(management ? { management } : {}),
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'sample-api failed to start');
  logger.flush(() => process.exit(1));
  return undefined;
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (!service) return;
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      logger.flush(() => process.exit(1));
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    service.stop().then(
      (outcome) => process.exit(outcome === 'clean' ? 0 : 1),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
