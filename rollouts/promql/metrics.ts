/**
 * The metrics sample-api exports, in one place. Every PromQL expression in this
 * catalogue may use only these names (a test walks each expression's syntax
 * tree and checks), and a later test compares this list with the real app's
 * `/metrics`, so the analysis can never query a metric that does not exist.
 */

/** How a metric is exposed; a histogram also exposes `_bucket`, `_sum` and `_count` series. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** One exported metric family. */
export interface AppMetric {
  readonly name: string;
  readonly type: MetricType;
  /** Labels the app sets itself (Prometheus adds target labels on top). */
  readonly labels: readonly string[];
}

/** Labels of the RED metrics: the Express route template, never a raw path. */
const RED_LABELS = ['method', 'route', 'status_code'] as const;

/**
 * Bucket upper bounds (seconds) of `http_request_duration_seconds`. Latency
 * thresholds must sit on one of these: `histogram_quantile` interpolates inside
 * a bucket, so a threshold between bounds judges against a guess.
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5,
] as const;

/** The app's own metric families (prom-client default metrics are matched by prefix). */
export const APP_METRICS: readonly AppMetric[] = [
  // Read by the success-rate analysis (and, later, the RED dashboard and error-budget alerts).
  { name: 'http_requests_total', type: 'counter', labels: RED_LABELS },
  // Read by the latency analysis (p95/p99 via histogram_quantile).
  { name: 'http_request_duration_seconds', type: 'histogram', labels: RED_LABELS },
  { name: 'http_requests_in_flight', type: 'gauge', labels: [] },
  { name: 'http_request_size_bytes', type: 'histogram', labels: RED_LABELS },
  { name: 'http_response_size_bytes', type: 'histogram', labels: RED_LABELS },
  // Constant 1; joins version/commit onto other series for dashboards.
  { name: 'app_info', type: 'gauge', labels: ['version', 'commit'] },
  // Runtime dashboard's "active faults" panel: a canary faking a bad version shows here.
  { name: 'app_fault_error_ratio', type: 'gauge', labels: [] },
  { name: 'app_fault_latency_seconds', type: 'gauge', labels: [] },
];

/**
 * Families the app exports only with a dependency configured: an items store
 * (DATABASE_URL for the pool gauges), UPSTREAMS, or SERVICE_ROLE=registry.
 * The dependencies dashboard reads them; the metric-name test scrapes an app
 * with each dependency wired and checks every one is declared and sampled.
 */
export const DEPENDENCY_METRICS: readonly AppMetric[] = [
  { name: 'db_query_duration_seconds', type: 'histogram', labels: ['operation', 'outcome'] },
  { name: 'db_pool_connections_total', type: 'gauge', labels: [] },
  { name: 'db_pool_connections_idle', type: 'gauge', labels: [] },
  { name: 'db_pool_requests_waiting', type: 'gauge', labels: [] },
  { name: 'items_created_total', type: 'counter', labels: [] },
  { name: 'items_updated_total', type: 'counter', labels: [] },
  { name: 'items_deleted_total', type: 'counter', labels: [] },
  { name: 'upstream_requests_total', type: 'counter', labels: ['upstream', 'outcome'] },
  { name: 'upstream_request_duration_seconds', type: 'histogram', labels: ['upstream'] },
  { name: 'upstream_retries_total', type: 'counter', labels: ['upstream'] },
  { name: 'circuit_breaker_state', type: 'gauge', labels: ['upstream'] },
  { name: 'registry_services_registered', type: 'gauge', labels: [] },
  { name: 'registry_services_healthy', type: 'gauge', labels: [] },
  // `service` clashes with the scrape target's label: Prometheus stores it as `exported_service`.
  { name: 'registry_service_healthy', type: 'gauge', labels: ['service'] },
  { name: 'registry_health_checks_total', type: 'counter', labels: ['outcome'] },
];

/**
 * Series Prometheus writes itself for every scrape target, allowed although
 * the app does not export them: `up` is 1 when the last scrape succeeded
 * (the target-down alert reads it).
 */
export const PROMETHEUS_SERIES = ['up'] as const;

/** Prefixes of prom-client's default metrics (process and Node.js runtime). */
export const DEFAULT_METRIC_PREFIXES = ['process_', 'nodejs_'] as const;

const SERIES_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** Every series name the app's own metric families expose. */
export function exportedSeriesNames(metrics: readonly AppMetric[] = APP_METRICS): Set<string> {
  return new Set(metrics.flatMap((m) => SERIES_SUFFIXES[m.type].map((suffix) => `${m.name}${suffix}`)));
}

/** True when `series` is exported by the app: its own families, its dependency families or prom-client's defaults. */
export function isExportedSeries(series: string): boolean {
  return (
    exportedSeriesNames([...APP_METRICS, ...DEPENDENCY_METRICS]).has(series) ||
    DEFAULT_METRIC_PREFIXES.some((p) => series.startsWith(p))
  );
}
