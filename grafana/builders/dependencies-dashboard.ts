import { BigValueGraphMode } from '@grafana/grafana-foundation-sdk/common';
import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BREAKER_STATES,
  DEPENDENCY_QUERIES,
  REGISTRY_VARIABLE,
  REGISTRY_VARIABLE_QUERY,
} from '../../rollouts/promql/index.js';
import { queryVariable, redAbove, standardVariables, stat, stateTimeline, timeseries } from './panels.js';

/** Stable uid: links and provisioning keep working across regenerations. */
export const DEPENDENCIES_DASHBOARD_UID = 'canary-lab-dependencies';

const half = { w: 12, h: 8 };
const third = { w: 8, h: 8 };
const ratio = { unit: 'percentunit', min: 0, max: 1 };

/**
 * What sample-api depends on: PostgreSQL (statement latency and errors, the
 * pool), the item writes it makes, its upstream calls and breakers, and the
 * service registry's view of who is healthy.
 */
export function dependenciesDashboard(): Dashboard {
  const q = DEPENDENCY_QUERIES;
  return new DashboardBuilder('Canary Lab / Dependencies')
    .uid(DEPENDENCIES_DASHBOARD_UID)
    .description('sample-api dependencies: database, upstream services and the service registry.')
    .tags(['canary-lab', 'sample-api', 'dependencies'])
    .editable()
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .variables([
      ...standardVariables(),
      queryVariable(REGISTRY_VARIABLE, 'Registry Service', REGISTRY_VARIABLE_QUERY),
    ])
    .withRow(new RowBuilder('Database'))
    .withPanel(
      timeseries({
        title: 'DB latency p95 / p99',
        description:
          'Statement and transaction latency per operation (db_query_duration_seconds); the top buckets (2.5s, 5s) are statement timeouts.',
        queries: q.dbLatency,
        unit: 's',
        span: half,
      }),
    )
    .withPanel(
      timeseries({
        title: 'DB error share',
        description:
          'Share of statements per operation that failed (outcome="error"): timeouts, lost connections, constraint violations.',
        queries: [q.dbErrorRatio],
        span: half,
        ...ratio,
        steps: redAbove(0.01),
      }),
    )
    .withPanel(
      timeseries({
        title: 'DB pool',
        description:
          'PostgreSQL connections per pod: held, idle, and queries waiting for one. Waiting above 0 means the pool (DATABASE_POOL_MAX) is the bottleneck. Empty with the embedded PGlite store.',
        queries: q.dbPool,
        unit: 'none',
        span: half,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Item writes',
        description:
          'Items created, updated and deleted per second, per role: a canary whose writes drop to zero while its requests succeed shows here.',
        queries: q.itemWrites,
        unit: 'ops',
        span: half,
      }),
    )
    .withRow(new RowBuilder('Upstream services'))
    .withPanel(
      timeseries({
        title: 'Upstream calls',
        description:
          'Attempts per second by upstream and outcome; circuit_open counts calls refused without an attempt.',
        queries: [q.upstreamCalls],
        unit: 'reqps',
        span: half,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Upstream error share',
        description:
          'Share of calls per upstream that failed: 5xx, timeout, connection error, invalid response or refused by an open breaker (a 4xx answer is not a failure).',
        queries: [q.upstreamErrorRatio],
        span: half,
        ...ratio,
        steps: redAbove(0.05),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Upstream latency p95',
        description:
          'Per-attempt latency per upstream (upstream_request_duration_seconds), whatever the outcome.',
        queries: [q.upstreamLatency],
        unit: 's',
        span: third,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Upstream retries',
        description:
          'Retries per second per upstream: a rising line is a neighbour flapping below the breaker threshold.',
        queries: [q.upstreamRetries],
        unit: 'ops',
        span: third,
      }),
    )
    .withPanel(
      stateTimeline({
        title: 'Circuit breaker state',
        description:
          'Each pod’s breaker per upstream: closed, half-open (a probe is in flight) or open (calls fail fast with 503).',
        queries: [q.breakerState],
        span: third,
        states: [
          { value: BREAKER_STATES.closed, text: 'closed', color: 'green' },
          { value: BREAKER_STATES.halfOpen, text: 'half-open', color: 'yellow' },
          { value: BREAKER_STATES.open, text: 'open', color: 'red' },
        ],
      }),
    )
    .withRow(new RowBuilder('Service registry'))
    .withPanel(
      stat({
        title: 'Registered vs healthy',
        description:
          'Services registered with the registry chosen in $registry, and how many answered their last health check with 2xx. No value: the registry is not scraped.',
        queries: q.registryServices,
        unit: 'none',
        span: third,
      }).graphMode(BigValueGraphMode.Area),
    )
    .withPanel(
      stateTimeline({
        title: 'Registered service health',
        description:
          'Last health check of each registered service (Prometheus stores the app’s service label as exported_service). Gaps: registered but not checked yet, or gone.',
        queries: [q.registryServiceHealth],
        span: third,
        states: [
          { value: 1, text: 'healthy', color: 'green' },
          { value: 0, text: 'unhealthy', color: 'red' },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Health checks by outcome',
        description:
          'Health checks per second the registry ran: healthy (2xx), unhealthy (another status), timeout, error.',
        queries: [q.registryChecks],
        unit: 'ops',
        span: third,
      }),
    )
    .build();
}
