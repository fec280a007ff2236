import { Writable } from 'node:stream';
import { createApp } from '../../app/app.js';
import { loadConfig } from '../../app/config/load.js';
import type { AppDeps } from '../../app/deps.js';
import { MemoryBudget } from '../../app/domain/demo-work.js';
import { FaultState } from '../../app/domain/faults.js';
import { Lifecycle } from '../../app/domain/lifecycle.js';
import { createLogger } from '../../app/logger.js';
import { createMetrics } from '../../app/metrics.js';
import { createRegistry } from '../../app/registry/create-registry.js';
import { createUpstreamDeps } from '../../app/upstream/create-upstreams.js';

/** JSON log lines the app wrote, parsed. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

export interface TestDeps extends AppDeps {
  readonly logs: LogLine[];
}

export interface TestDepsOptions {
  /** Environment for loadConfig, as an operator would set it. */
  readonly env?: Record<string, string>;
  /** The fault dice; defaults to always 0, i.e. every fault fires. */
  readonly random?: () => number;
  readonly started?: boolean;
  /**
   * Collect prom-client's process and Node.js metrics as METRICS_DEFAULT_METRICS
   * in `env` says. Off by default: most tests read a few app metrics and a
   * small /metrics text.
   */
  readonly defaultMetrics?: boolean;
  /**
   * Build the outbound client for UPSTREAMS in `env`, as startService does in
   * the api role; retry jitter uses `random`. The test closes it
   * (`deps.upstreams?.client.close()`).
   */
  readonly upstreams?: boolean;
}

/** Real deps with a log sink the test can read; every test builds its own. */
export function testDeps(options: TestDepsOptions = {}): TestDeps {
  const config = loadConfig({ LOG_LEVEL: 'debug', ...options.env });
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger({ level: config.log.level, pretty: false, base: { service: 'test' } }, sink);
  const faults = new FaultState(
    {
      errorRate: config.faults.errorRate,
      errorStatus: config.faults.errorStatus,
      latencyMs: config.faults.latencyMs,
      latencyJitterMs: config.faults.latencyJitterMs,
    },
    options.random ?? (() => 0),
  );
  const lifecycle = new Lifecycle();
  if (options.started ?? true) lifecycle.markStarted();
  const buildInfo = { version: '1.2.3', commit: 'abc123def456', buildTime: '2026-11-22T00:00:00.000Z' };
  const deps: TestDeps = {
    config,
    logger,
    logs,
    faults,
    lifecycle,
    buildInfo,
    hostname: 'pod-1',
    random: options.random ?? (() => 0),
    memoryBudget: new MemoryBudget(config.demo.maxMemoryMb),
    metrics: createMetrics({
      version: buildInfo.version,
      commit: buildInfo.commit,
      defaultMetrics: (options.defaultMetrics ?? false) && config.metrics.defaultMetrics,
      faults,
    }),
  };
  if (options.upstreams) {
    return {
      ...deps,
      upstreams: createUpstreamDeps(config, deps.metrics.registry, { random: deps.random ?? Math.random }),
    };
  }
  // As startService does: SERVICE_ROLE=registry gets a directory and an unstarted health checker.
  if (config.service.role !== 'registry') return deps;
  return { ...deps, registry: createRegistry(config, logger, deps.metrics.registry, deps.random) };
}

export function testApp(options: TestDepsOptions = {}) {
  const deps = testDeps(options);
  return { deps, app: createApp(deps) };
}

/** One sample's value from the app's own /metrics text, or undefined when absent. */
export function sample(
  metricsText: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1));
  }
  return undefined;
}
