import { quote, SERIES_LABELS, type SeriesScope } from './selectors.js';

/**
 * Grafana template variables the dashboards define. `datasource` follows
 * kube-prometheus-stack's convention, so a dashboard imports into any Grafana
 * without naming someone's datasource UID.
 */
export const DASHBOARD_VARIABLES = {
  datasource: 'datasource',
  namespace: 'namespace',
  service: 'service',
} as const;

/** The scope of every dashboard query: the namespace and metrics Service picked in the variables. */
export const DASHBOARD_SCOPE: SeriesScope = {
  namespace: `$${DASHBOARD_VARIABLES.namespace}`,
  service: `$${DASHBOARD_VARIABLES.service}`,
};

/** Grafana's rate window: at least 4 scrape intervals, whatever the zoom. */
export const RATE_INTERVAL = '$__rate_interval';

/** Grafana's whole dashboard time range, as a PromQL range. */
export const DASHBOARD_RANGE = '$__range';

/** The series selector a `label_values()` variable query reads, so it can be linted like PromQL. */
export interface LabelValuesQuery {
  readonly metric: string;
  readonly matchers: Readonly<Record<string, string>>;
  readonly label: string;
}

/** The selector part of a `label_values()` query, e.g. `app_info{namespace="$namespace"}`. */
export function labelValuesSelector(q: LabelValuesQuery): string {
  const parts = Object.entries(q.matchers).map(([k, v]) => `${k}=${quote(v)}`);
  return parts.length > 0 ? `${q.metric}{${parts.join(',')}}` : q.metric;
}

/** Grafana's variable query text: `label_values(<selector>, <label>)`. */
export function labelValues(q: LabelValuesQuery): string {
  return `label_values(${labelValuesSelector(q)}, ${q.label})`;
}

/** The namespace and service variables' queries, read from `app_info` (always present, one per process). */
export const VARIABLE_QUERIES = {
  namespace: { metric: 'app_info', matchers: {}, label: SERIES_LABELS.namespace },
  service: {
    metric: 'app_info',
    matchers: { [SERIES_LABELS.namespace]: DASHBOARD_SCOPE.namespace },
    label: SERIES_LABELS.service,
  },
} as const satisfies Record<string, LabelValuesQuery>;

/**
 * Replaces Grafana variables (`$name`, `${name}`, and the built-ins
 * `$__rate_interval`, `$__range`, `$__interval`) the way Grafana does before
 * sending a query, so dashboard expressions can be parsed offline and run
 * against a real Prometheus. A variable without a value is an error.
 */
export function interpolate(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_match, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const value = values[name];
      if (value === undefined) throw new Error(`no value for Grafana variable $${name} in ${expr}`);
      return value;
    },
  );
}
