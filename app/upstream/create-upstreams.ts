import type { Registry } from 'prom-client';
import type { Config } from '../config/load.js';
import { type BreakerRegistry, createBreakers } from './breakers.js';
import { type ClientSpan, createUpstreams, type Upstreams } from './client.js';
import { createUpstreamMetrics, type UpstreamMetrics } from './metrics.js';
import { parseUpstreams } from './upstream-list.js';

/** The outbound side of one process: pools, breakers and their metrics. */
export interface UpstreamDeps {
  readonly client: Upstreams;
  readonly breakers: BreakerRegistry;
  readonly metrics: UpstreamMetrics;
}

export interface UpstreamDepsOptions {
  readonly random?: () => number;
  readonly clientSpan?: ClientSpan;
}

/** Builds the upstream client from config; startService (or a test) calls it and closes the client at shutdown. */
export function createUpstreamDeps(
  config: Config,
  registry: Registry,
  options: UpstreamDepsOptions = {},
): UpstreamDeps {
  const u = config.upstreams;
  const targets = parseUpstreams(u.list);
  const names = targets.map((t) => t.name);
  const metrics = createUpstreamMetrics(registry, names);
  const breakers = createBreakers(
    names,
    { threshold: u.breakerThreshold, cooldownMs: u.breakerCooldownMs },
    metrics,
  );
  const client = createUpstreams({
    targets,
    timeoutMs: u.timeoutMs,
    attemptTimeoutMs: u.attemptTimeoutMs,
    retries: u.retries,
    backoffBaseMs: u.backoffBaseMs,
    backoffMaxMs: u.backoffMaxMs,
    maxConnections: u.maxConnections,
    maxResponseBytes: u.maxResponseBytes,
    serviceToken: config.serviceAuth.token,
    breakers,
    metrics,
    ...options,
  });
  return { client, breakers, metrics };
}
