import { Gauge, Histogram, type Registry } from 'prom-client';
import type { PoolStats } from './pg-executor.js';
import type { QueryObserver } from './sql.js';

/** Buckets for statements: most answer in milliseconds; the top ones show timeouts. */
const queryBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Database metrics in the app's registry. `db_query_duration_seconds` feeds the
 * dependencies dashboard's DB latency panels (p95 by operation) and its error
 * share (outcome="error"); the pool gauges feed its pool panel, where `waiting`
 * above zero means the pool is the bottleneck.
 */
export function createDbMetrics(registry: Registry, poolStats?: () => PoolStats): QueryObserver {
  const duration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Time of each database statement or transaction, by operation and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: queryBuckets,
    registers: [registry],
  });
  if (poolStats) {
    const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(poolStats()));
        },
      });
    gauge(
      'db_pool_connections_total',
      'PostgreSQL connections the pool holds (busy and idle).',
      (s) => s.total,
    );
    gauge('db_pool_connections_idle', 'PostgreSQL connections idle in the pool.', (s) => s.idle);
    gauge('db_pool_requests_waiting', 'Queries waiting for a pooled connection.', (s) => s.waiting);
  }
  return (operation, outcome, seconds) => duration.labels(operation, outcome).observe(seconds);
}
