import { latencyQuantile, requestRate, successRatio, successRatioBy } from './analysis.js';
import { DEPENDENCY_QUERIES } from './dependencies.js';
import { DASHBOARD_RANGE, DASHBOARD_SCOPE, RATE_INTERVAL } from './grafana.js';
import { cpuCores, gaugeBy, gcTimeRatio, type RuntimeQuery, restarts } from './runtime.js';
import { matchers, SERIES_LABELS } from './selectors.js';

/** One query of a dashboard panel: the PromQL and its legend template. */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
}

/** Canary and stable side by side: one series per role and ReplicaSet. */
export const CANARY_GROUPING = [SERIES_LABELS.role, SERIES_LABELS.podTemplateHash] as const;
const CANARY_LEGEND = `{{${SERIES_LABELS.role}}} {{${SERIES_LABELS.podTemplateHash}}}`;

/** Quantiles the canary dashboard's latency panel draws. */
export const DASHBOARD_LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

const windowed = { ...DASHBOARD_SCOPE, window: RATE_INTERVAL };

/** `p95` for 0.95. */
export function percentileName(quantile: number): string {
  return `p${Math.round(quantile * 1000) / 10}`;
}

/** The canary-vs-stable RED dashboard's queries (business routes only, like the analysis). */
export const CANARY_QUERIES = {
  /** Which build each role runs (app_info is constant 1; the labels are the answer). */
  version: {
    expr: `max by (${[...CANARY_GROUPING, 'version', 'commit'].join(', ')}) (app_info${matchers({ ...DASHBOARD_SCOPE, businessRoutesOnly: false })})`,
    legend: `${CANARY_LEGEND} {{version}}`,
  },
  requestRate: { expr: requestRate(windowed, CANARY_GROUPING), legend: CANARY_LEGEND },
  successRatio: { expr: successRatioBy(windowed, CANARY_GROUPING), legend: CANARY_LEGEND },
  canarySuccessRatio: { expr: successRatio({ ...windowed, role: 'canary' }), legend: 'canary' },
  stableSuccessRatio: { expr: successRatio({ ...windowed, role: 'stable' }), legend: 'stable' },
  latency: DASHBOARD_LATENCY_QUANTILES.map((quantile) => ({
    expr: latencyQuantile({ ...windowed, quantile }, CANARY_GROUPING),
    legend: `${percentileName(quantile)} ${CANARY_LEGEND}`,
  })),
  responsesByStatus: {
    expr: requestRate(windowed, [SERIES_LABELS.role, 'status_code']),
    legend: `{{${SERIES_LABELS.role}}} {{status_code}}`,
  },
} as const;

const perPod: RuntimeQuery = { ...DASHBOARD_SCOPE, window: RATE_INTERVAL, by: [SERIES_LABELS.role, 'pod'] };
const POD_LEGEND = `{{${SERIES_LABELS.role}}} {{pod}}`;

/** The service runtime dashboard's queries, one series per pod. */
export const RUNTIME_QUERIES = {
  eventLoopLag: [
    { expr: gaugeBy(perPod, 'nodejs_eventloop_lag_p99_seconds'), legend: `p99 ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'nodejs_eventloop_lag_mean_seconds'), legend: `mean ${POD_LEGEND}` },
  ],
  memory: [
    { expr: gaugeBy(perPod, 'nodejs_heap_size_used_bytes'), legend: `heap used ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'nodejs_heap_size_total_bytes'), legend: `heap total ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'process_resident_memory_bytes'), legend: `RSS ${POD_LEGEND}` },
  ],
  gc: { expr: gcTimeRatio(perPod), legend: `{{kind}} ${POD_LEGEND}` },
  cpu: { expr: cpuCores(perPod), legend: POD_LEGEND },
  // Over the whole dashboard range: a restart stays visible however far one zooms in.
  restarts: { expr: restarts({ ...perPod, window: DASHBOARD_RANGE }), legend: POD_LEGEND },
  inFlight: { expr: gaugeBy(perPod, 'http_requests_in_flight'), legend: POD_LEGEND },
  faults: [
    { expr: gaugeBy(perPod, 'app_fault_error_ratio'), legend: `error ratio ${POD_LEGEND}` },
    { expr: gaugeBy(perPod, 'app_fault_latency_seconds'), legend: `added latency ${POD_LEGEND}` },
  ],
} as const;

/** Every dashboard query, flattened, for linting and the metric-name check. */
export function dashboardQueries(): PanelQuery[] {
  return [CANARY_QUERIES, RUNTIME_QUERIES, DEPENDENCY_QUERIES].flatMap((q) => Object.values(q).flat());
}
