import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { BuildInfo } from './build-info.js';
import type { Config } from './config/load.js';
import type { AppDeps } from './deps.js';
import { MemoryBudget } from './domain/demo-work.js';
import { FaultState } from './domain/faults.js';
import { createItemCounters } from './domain/items/items-metrics.js';
import { ItemsService } from './domain/items/items-service.js';
import { Lifecycle } from './domain/lifecycle.js';
import { startLoadGenerator } from './loadgen.js';
import { type Management, spawnConfiguredManagement } from './management/management.js';
import { createMetrics } from './metrics.js';
import { createRegistry } from './registry/create-registry.js';
import { selfAdvert, startSelfRegistration } from './registry/self-registration.js';
import { type ShutdownOutcome, shutdown } from './shutdown.js';
import { openItemsStore } from './store/open-store.js';
import { OpeningStore } from './store/opening-store.js';
import { createUpstreamDeps } from './upstream/create-upstreams.js';

// Not `import { createServer } from 'node:http'`: an ES import of node:http builds its module
// facade by reading every export, and the WebSocket getter among them loads Node's bundled
// undici: ~50 ms of a pod's cold start, measured. Express requires node:http without a facade.
const { createServer } = process.getBuiltinModule('node:http');

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly buildInfo: BuildInfo;
  readonly hostname: string;
  /**
   * The management worker when the caller spawned it already (app/main.ts does, before loading
   * this module); otherwise it is spawned here when MANAGEMENT_PORT is set. Either way it is
   * this service's to stop.
   */
  readonly management?: Management;
  /** Runs once, right after the service reports started, then in the management worker (app/settle-heap.ts). */
  readonly settleHeap?: () => void;
}

export interface RunningService {
  readonly deps: AppDeps;
  readonly port: number;
  /** MANAGEMENT_PORT's listener (probes and /metrics in a worker thread), when set. */
  readonly managementPort: number | undefined;
  /** The ordered shutdown; resolves with whether in-flight work finished in time. */
  stop(): Promise<ShutdownOutcome>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Creates the process's state, listens, and reports started. main only adds signals and exit codes. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const lifecycle = new Lifecycle();
  const faults = new FaultState({
    errorRate: config.faults.errorRate,
    errorStatus: config.faults.errorStatus,
    latencyMs: config.faults.latencyMs,
    latencyJitterMs: config.faults.latencyJitterMs,
  });
  const metrics = createMetrics({
    version: options.buildInfo.version,
    commit: options.buildInfo.commit,
    defaultMetrics: config.metrics.defaultMetrics,
    faults,
  });
  const registry =
    config.service.role === 'registry' ? createRegistry(config, logger, metrics.registry) : undefined;
  // Opened (and migrated) in the background while the server already listens: probes answer
  // (startup 503) meanwhile, and the service reports started only with its schema in place.
  const opening =
    config.service.role === 'api' ? openItemsStore(config.database, logger, metrics.registry) : undefined;
  const store = opening ? new OpeningStore(opening.then((o) => o.store)) : undefined;
  const closers: (() => Promise<void>)[] = [];
  if (store) {
    lifecycle.addCheck({ name: 'database', required: true, check: () => store.ping() });
    closers.push(() => store.close());
  }
  // Awaited only once the app listens: the worker's boot (its own isolate) overlaps the rest.
  const management = options.management ?? spawnConfiguredManagement(config, logger);
  management?.attach({ lifecycle, metrics });
  // Closers run in reverse: tracing goes first in the list so its buffered spans are exported last.
  // Loaded only when on: the OpenTelemetry SDK and exporter cost start-up time and memory.
  const tracing = config.tracing.enabled
    ? (await import('./tracing/tracing.js')).startTracing({
        serviceName: config.service.name,
        version: options.buildInfo.version,
        endpoint: config.tracing.endpoint,
      })
    : undefined;
  if (tracing) closers.unshift(() => tracing.shutdown());
  // No readiness check for upstreams, on purpose: a sick neighbour must not take this pod out of rotation.
  const upstreams =
    config.service.role === 'api'
      ? createUpstreamDeps(config, metrics.registry, tracing ? { clientSpan: tracing.clientSpan } : {})
      : undefined;
  if (upstreams) closers.push(() => upstreams.client.close());
  const deps: AppDeps = {
    config,
    logger,
    metrics,
    lifecycle,
    faults,
    buildInfo: options.buildInfo,
    memoryBudget: new MemoryBudget(config.demo.maxMemoryMb),
    hostname: options.hostname,
    ...(registry ? { registry } : {}),
    ...(upstreams ? { upstreams } : {}),
    ...(tracing ? { tracing } : {}),
    ...(store ? { items: new ItemsService(store, createItemCounters(metrics.registry)) } : {}),
  };

  const servers: Server[] = [];
  const server = createServer(createApp(deps));
  server.keepAliveTimeout = config.server.keepAliveTimeoutMs;
  server.headersTimeout = config.server.keepAliveTimeoutMs + 1000;
  server.requestTimeout = config.server.requestTimeoutMs;
  const port = await listen(server, config.server.port, config.server.host).catch(async (error: unknown) => {
    // Not started, so no shutdown will close it: release the worker and the pool or PGlite here.
    await management?.close();
    await store?.close();
    throw error;
  });
  servers.push(server);

  let managementPort: number | undefined;
  if (management) {
    managementPort = await management.listening.catch(async (error: unknown) => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store?.close();
      throw error;
    });
    // First in the list, so closed last: the probes answer (readiness 503) until the very end.
    closers.unshift(management.close);
  }

  if (config.service.role === 'loadgen') {
    const generator = startLoadGenerator({
      targetUrl: config.loadgen.targetUrl,
      paths: config.loadgen.paths
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      ratePerSecond: config.loadgen.ratePerSecond,
      timeoutMs: config.loadgen.timeoutMs,
      logger,
      registry: metrics.registry,
    });
    closers.push(() => generator.stop());
  }

  if (registry) {
    registry.checker.start();
    closers.push(() => registry.checker.stop());
  }
  if (config.service.role === 'api' && config.registry.url) {
    // In the background: neither start-up nor readiness waits for the registry.
    const registration = startSelfRegistration({
      registryUrl: config.registry.url,
      advert: selfAdvert(config, options.hostname, port),
      token: config.serviceAuth.token,
      timeoutMs: config.registry.requestTimeoutMs,
      retryBaseMs: config.registry.retryBaseMs,
      retryMaxMs: config.registry.retryMaxMs,
      refreshIntervalMs: config.registry.refreshIntervalMs,
      logger,
    });
    closers.push(() => registration.stop());
  }
  if (opening) {
    await opening.catch(async (error: unknown) => {
      // Not started, so no shutdown will run: release the listeners and whatever was opened.
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      await management?.close();
      await store?.close();
      throw error;
    });
  }
  // Started implies checked: the management worker answers readiness from the latest results, and the only
  // ones so far were made while the store was still opening (a probe would see 503 after the startup 200).
  await lifecycle.watchChecks(config.server.readinessCheckIntervalMs);
  // Closers run in reverse: the background checks stop before the store they ping closes.
  closers.push(async () => lifecycle.stopWatching());
  lifecycle.markStarted();
  logger.info({ port, managementPort, role: config.service.role }, 'sample-api started');
  const { settleHeap } = options;
  if (settleHeap) {
    // After started, so its pause (~30 ms here) is not part of the cold start, and still before the
    // first request in practice: the kubelet probes readiness only once the startup probe has passed.
    setImmediate(() => {
      settleHeap();
      management?.settleHeap();
    });
  }
  return {
    deps,
    port,
    managementPort,
    stop: () =>
      shutdown({
        lifecycle,
        servers,
        logger,
        drainDelayMs: config.shutdown.drainDelayMs,
        timeoutMs: config.shutdown.timeoutMs,
        closers,
      }),
  };
}
