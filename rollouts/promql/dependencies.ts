import { DASHBOARD_SCOPE, type LabelValuesQuery, RATE_INTERVAL } from './grafana.js';
import { gaugeBy, type RuntimeQuery } from './runtime.js';
import { matchers, SERIES_LABELS, type SeriesScope } from './selectors.js';

/** Which pods a dependency expression reads; every route counts (these are not request metrics). */
export interface DependencyQuery extends Omit<SeriesScope, 'businessRoutesOnly'> {
  /** Range of `rate()`, e.g. `$__rate_interval`. */
  readonly window: string;
}

const sel = (q: DependencyQuery, extra: readonly string[] = []) =>
  matchers({ ...q, businessRoutesOnly: false }, extra);
const grouping = (by: readonly string[]) => (by.length > 0 ? ` by (${by.join(', ')})` : '');

/** Per-second rate of a counter (or a histogram's `_count`), summed per `by` group. */
export function rateBy(
  q: DependencyQuery,
  series: string,
  by: readonly string[],
  extra: readonly string[] = [],
): string {
  return `sum${grouping(by)} (rate(${series}${sel(q, extra)}[${q.window}]))`;
}

/**
 * Share of a counter's rate matching `matcher`, per `by` group, from 0 to 1. A
 * group with no matching series falls back to `0 * denominator` (0, not
 * missing), as the grouped RED ratios do; no traffic at all stays empty.
 */
export function shareBy(q: DependencyQuery, series: string, by: readonly string[], matcher: string): string {
  if (by.length === 0) throw new Error('a grouped share needs at least one label to group by');
  const all = rateBy(q, series, by);
  return `(${rateBy(q, series, by, [matcher])} or 0 * ${all}) / ${all}`;
}

/** A quantile of any histogram, per `by` group; `le` stays in the grouping. */
export function histogramQuantile(
  q: DependencyQuery & { readonly quantile: number },
  histogram: string,
  by: readonly string[],
): string {
  if (!(q.quantile > 0 && q.quantile < 1))
    throw new Error(`quantile must be between 0 and 1, got ${q.quantile}`);
  return `histogram_quantile(${q.quantile}, ${rateBy(q, `${histogram}_bucket`, ['le', ...by])})`;
}

/**
 * `upstream_requests_total` outcomes that mean the neighbour failed us. A
 * `client_error` (the upstream answered 4xx, e.g. 404) is an answer, not a failure.
 */
export const UPSTREAM_FAILURE_OUTCOMES = [
  'server_error',
  'timeout',
  'connection_error',
  'invalid_response',
  'circuit_open',
] as const;

/** `circuit_breaker_state` values, as app/upstream/metrics.ts sets them. */
export const BREAKER_STATES = { closed: 0, halfOpen: 1, open: 2 } as const;

/** The dashboard variable naming the registry's Service (it is scraped apart from the API's). */
export const REGISTRY_VARIABLE = 'registry';

/** The registry Service choices: Services in the namespace whose pods export registry gauges. */
export const REGISTRY_VARIABLE_QUERY = {
  metric: 'registry_services_registered',
  matchers: { [SERIES_LABELS.namespace]: DASHBOARD_SCOPE.namespace },
  label: SERIES_LABELS.service,
} as const satisfies LabelValuesQuery;

/**
 * The label a registered service's name ends up in: the app sets `service`,
 * which clashes with the scrape target's `service` label, so Prometheus
 * (honorLabels off, the ServiceMonitor default) renames it `exported_service`.
 */
export const REGISTERED_SERVICE_LABEL = 'exported_service';

const api = { ...DASHBOARD_SCOPE, window: RATE_INTERVAL };
const registry: DependencyQuery = { ...api, service: `$${REGISTRY_VARIABLE}` };
const POD = [SERIES_LABELS.role, 'pod'];
const perPod: RuntimeQuery = { ...api, by: POD };
const POD_LEGEND = `{{${SERIES_LABELS.role}}} {{pod}}`;
const p95 = { ...api, quantile: 0.95 };
const p99 = { ...api, quantile: 0.99 };
const failed = `outcome=~"${UPSTREAM_FAILURE_OUTCOMES.join('|')}"`;

/** The dependencies dashboard's queries: database, item writes, upstreams and the registry. */
export const DEPENDENCY_QUERIES = {
  dbLatency: [
    { expr: histogramQuantile(p95, 'db_query_duration_seconds', ['operation']), legend: 'p95 {{operation}}' },
    { expr: histogramQuantile(p99, 'db_query_duration_seconds', ['operation']), legend: 'p99 {{operation}}' },
  ],
  dbErrorRatio: {
    expr: shareBy(api, 'db_query_duration_seconds_count', ['operation'], 'outcome="error"'),
    legend: '{{operation}}',
  },
  dbPool: [
    { expr: gaugeBy(perPod, 'db_pool_connections_total'), legend: `total ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'db_pool_connections_idle'), legend: `idle ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'db_pool_requests_waiting'), legend: `waiting ${POD_LEGEND}` },
  ],
  itemWrites: (['created', 'updated', 'deleted'] as const).map((what) => ({
    expr: rateBy(api, `items_${what}_total`, [SERIES_LABELS.role]),
    legend: `${what} {{${SERIES_LABELS.role}}}`,
  })),
  upstreamCalls: {
    expr: rateBy(api, 'upstream_requests_total', ['upstream', 'outcome']),
    legend: '{{upstream}} {{outcome}}',
  },
  upstreamErrorRatio: {
    expr: shareBy(api, 'upstream_requests_total', ['upstream'], failed),
    legend: '{{upstream}}',
  },
  upstreamLatency: {
    expr: histogramQuantile(p95, 'upstream_request_duration_seconds', ['upstream']),
    legend: 'p95 {{upstream}}',
  },
  upstreamRetries: { expr: rateBy(api, 'upstream_retries_total', ['upstream']), legend: '{{upstream}}' },
  breakerState: {
    expr: gaugeBy({ ...perPod, by: ['upstream', 'pod'] }, 'circuit_breaker_state'),
    legend: '{{upstream}} {{pod}}',
  },
  registryServices: [
    { expr: `max(registry_services_registered${sel(registry)})`, legend: 'registered' },
    { expr: `max(registry_services_healthy${sel(registry)})`, legend: 'healthy' },
  ],
  registryServiceHealth: {
    expr: `max by (${REGISTERED_SERVICE_LABEL}) (registry_service_healthy${sel(registry)})`,
    legend: `{{${REGISTERED_SERVICE_LABEL}}}`,
  },
  registryChecks: {
    expr: rateBy(registry, 'registry_health_checks_total', ['outcome']),
    legend: '{{outcome}}',
  },
} as const;
