import type { AppMetric } from './metrics.js';
import { matchers, type SeriesScope } from './selectors.js';

/**
 * prom-client default metrics the runtime dashboard and the restarts alert
 * read. They exist only with `METRICS_DEFAULT_METRICS=true` (the default); the
 * metric-name test scrapes the real app and checks each one is exported.
 */
export const RUNTIME_METRICS: readonly AppMetric[] = [
  { name: 'nodejs_eventloop_lag_p99_seconds', type: 'gauge', labels: [] },
  { name: 'nodejs_eventloop_lag_mean_seconds', type: 'gauge', labels: [] },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge', labels: [] },
  { name: 'nodejs_heap_size_total_bytes', type: 'gauge', labels: [] },
  { name: 'process_resident_memory_bytes', type: 'gauge', labels: [] },
  { name: 'nodejs_gc_duration_seconds', type: 'histogram', labels: ['kind'] },
  { name: 'process_cpu_seconds_total', type: 'counter', labels: [] },
  // Changes only when the process restarts: the app-only restart signal.
  { name: 'process_start_time_seconds', type: 'gauge', labels: [] },
];

/** Which pods a runtime expression reads; every route counts (runtime is per process). */
export interface RuntimeQuery extends Omit<SeriesScope, 'businessRoutesOnly'> {
  /** Range of `rate()`/`changes()`, e.g. `$__rate_interval` or `15m`. */
  readonly window: string;
  /** Labels each series keeps, e.g. `['role', 'pod']`. */
  readonly by: readonly string[];
}

const sel = (q: RuntimeQuery) => matchers({ ...q, businessRoutesOnly: false });
const by = (q: RuntimeQuery) => `by (${q.by.join(', ')})`;

/** A gauge as is, one series per `by` group (max: a group is normally one process). */
export function gaugeBy(q: RuntimeQuery, metric: string): string {
  return `max ${by(q)} (${metric}${sel(q)})`;
}

/** CPU cores used: rate of `process_cpu_seconds_total`. */
export function cpuCores(q: RuntimeQuery): string {
  return `sum ${by(q)} (rate(process_cpu_seconds_total${sel(q)}[${q.window}]))`;
}

/** Share of wall-clock time spent in garbage collection, per GC kind and group. */
export function gcTimeRatio(q: RuntimeQuery): string {
  return `sum by (${[...q.by, 'kind'].join(', ')}) (rate(nodejs_gc_duration_seconds_sum${sel(q)}[${q.window}]))`;
}

/**
 * Process restarts within `window`, from the app's own metrics: a restarted
 * container keeps its pod (and so its series) but reports a new
 * `process_start_time_seconds`. kube-state-metrics' restart counter is not
 * needed; a container that crashes before its first scrape shows as a target
 * down instead.
 */
export function restarts(q: RuntimeQuery): string {
  return `sum ${by(q)} (changes(process_start_time_seconds${sel(q)}[${q.window}]))`;
}

/** Scrape health per target: 1 up, 0 down (`up` is written by Prometheus). */
export function targetUp(q: Omit<RuntimeQuery, 'window' | 'by'>): string {
  return `up${matchers({ ...q, businessRoutesOnly: false })}`;
}
