import { Counter, Gauge, type Registry } from 'prom-client';
import type { RegistryStore } from './store.js';

/** Outcome of one health check: 2xx, another status, no answer in time, or no connection. */
export type CheckOutcome = 'healthy' | 'unhealthy' | 'timeout' | 'error';

export interface RegistryMetrics {
  /** Dependencies dashboard's "health checks by outcome" panel. */
  readonly checks: Counter<'outcome'>;
}

/**
 * The registry role's metrics, registered in the process's own prom-client
 * Registry. The gauges read the store at scrape time, so they cannot drift
 * from it; the per-service series are bounded by REGISTRY_MAX_SERVICES.
 */
export function createRegistryMetrics(registry: Registry, store: RegistryStore): RegistryMetrics {
  // Dependencies dashboard's "registered vs healthy" stat; the registry-degraded alert compares the two.
  new Gauge({
    name: 'registry_services_registered',
    help: 'Services registered with this registry.',
    registers: [registry],
    collect() {
      this.set(store.size);
    },
  });
  new Gauge({
    name: 'registry_services_healthy',
    help: 'Registered services whose last health check answered 2xx.',
    registers: [registry],
    collect() {
      this.set(store.list().filter((s) => s.health.status === 'healthy').length);
    },
  });
  // Dependencies dashboard's per-service health table: 1 healthy, 0 unhealthy, absent while unknown.
  new Gauge({
    name: 'registry_service_healthy',
    help: 'Last health check of each registered service: 1 healthy, 0 unhealthy.',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of store.list()) {
        if (s.health.status !== 'unknown') this.labels(s.name).set(s.health.status === 'healthy' ? 1 : 0);
      }
    },
  });
  return {
    checks: new Counter({
      name: 'registry_health_checks_total',
      help: 'Health checks the registry ran, by outcome (healthy, unhealthy, timeout, error).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
