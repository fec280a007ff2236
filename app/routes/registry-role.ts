import type { AppDeps } from '../deps.js';
import type { Endpoint } from '../http/endpoint.js';
import { serviceGuard } from '../http/service-guard.js';
import { healthEndpoints } from './health.js';
import { metricsEndpoints } from './metrics.js';
import { registryEndpoints } from './registry.js';

/**
 * What a process in the registry role serves: probes, /metrics (unless on its
 * own port), docs and the directory. No /api/** or /demo/**: the registry is
 * infrastructure, so there is nothing for the fault profile to break, for canary
 * analysis to judge, or for a stray /demo/cpu call to slow down.
 */
export function registryRoleEndpoints(deps: AppDeps): Endpoint[] {
  if (!deps.registry) throw new Error('SERVICE_ROLE=registry needs deps.registry (created by startService)');
  return [
    ...healthEndpoints(deps),
    ...(deps.config.management.port === 0 ? metricsEndpoints(deps.metrics) : []),
    ...registryEndpoints(deps.registry, {
      guard: serviceGuard(deps.config.serviceAuth.token),
      openapiTimeoutMs: deps.config.registry.requestTimeoutMs,
    }),
  ];
}
