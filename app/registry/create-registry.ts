import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config/load.js';
import { HealthChecker } from './health-checker.js';
import { createRegistryMetrics } from './metrics.js';
import type { RegistryDeps } from './registry-deps.js';
import { RegistryStore } from './store.js';

/**
 * The registry role's state: an empty directory, its metrics in the process's
 * prom-client Registry, and a health checker that is not started yet (startService
 * starts it once listening and stops it in its closers).
 */
export function createRegistry(
  config: Config,
  logger: Logger,
  promRegistry: Registry,
  random?: () => number,
): RegistryDeps {
  const store = new RegistryStore(config.registry.maxServices);
  const checker = new HealthChecker({
    store,
    metrics: createRegistryMetrics(promRegistry, store),
    logger,
    intervalMs: config.registry.checkIntervalMs,
    jitterMs: config.registry.checkJitterMs,
    timeoutMs: config.registry.checkTimeoutMs,
    concurrency: config.registry.checkConcurrency,
    ...(random ? { random } : {}),
  });
  return { store, checker };
}
