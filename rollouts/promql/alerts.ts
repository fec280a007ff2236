import { errorRatioBy, latencyQuantile } from './analysis.js';
import { percentileName } from './dashboards.js';
import { restarts, targetUp } from './runtime.js';
import { SERIES_LABELS } from './selectors.js';

/** One alerting rule, in the shape both a PrometheusRule and a plain rules file use. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires (Go duration). */
  readonly for: string;
  readonly labels: { readonly severity: 'critical' | 'warning' };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    /** What to look at and do first, in plain words (no external runbook site to link to). */
    readonly runbook: string;
  };
}

/** A named group of rules, evaluated together. */
export interface AlertRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** What the alerts watch and the thresholds they share with the canary analysis. */
export interface AlertRulesOptions {
  /** Namespace of the scraped pods. */
  readonly namespace: string;
  /** The metrics Service Prometheus scrapes the pods through. */
  readonly service: string;
  /** The analysis' lowest acceptable success ratio; the alert fires above `1 - this` errors. */
  readonly successRateThreshold: number;
  /** The analysis' latency quantile (0.95 for p95). */
  readonly latencyQuantile: number;
  /** The analysis' latency threshold in seconds. */
  readonly latencyThresholdSeconds: number;
}

/** Labels each alert keeps, so Alertmanager can route by namespace and tell canary from stable. */
const ALERT_GROUPING = [SERIES_LABELS.namespace, SERIES_LABELS.service, SERIES_LABELS.role];

/** Error budget as a plain decimal: 1 - 0.95 is 0.05, not 0.050000000000000044. */
export function errorBudget(successRateThreshold: number): number {
  if (!(successRateThreshold > 0 && successRateThreshold <= 1))
    throw new Error(`successRateThreshold must be in (0, 1], got ${successRateThreshold}`);
  return Number((1 - successRateThreshold).toPrecision(12));
}

/**
 * sample-api's alerts: the same error and latency objectives the canary
 * analysis judges, held for minutes over every pod (stable included), plus
 * target down and restarts.
 */
export function alertRuleGroups(o: AlertRulesOptions): AlertRuleGroup[] {
  const scope = { namespace: o.namespace, service: o.service };
  const budget = errorBudget(o.successRateThreshold);
  const pct = (ratio: number) => `${Number((ratio * 100).toPrecision(12))}%`;
  const pXX = percentileName(o.latencyQuantile);
  return [
    {
      name: 'sample-api.red',
      rules: [
        {
          alert: 'SampleApiHighErrorRatio',
          expr: `${errorRatioBy({ ...scope, window: '5m' }, ALERT_GROUPING)} > ${budget}`,
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: `sample-api {{ $labels.role }} answers more than ${pct(budget)} 5xx`,
            description: `{{ $value | humanizePercentage }} of business requests to {{ $labels.role }} pods of {{ $labels.service }} in {{ $labels.namespace }} failed with a 5xx over 5 minutes (the canary analysis accepts at most ${pct(budget)}).`,
            runbook:
              'If a canary is in progress, abort it: kubectl argo rollouts abort sample-api. Otherwise check recent deploys, GET /admin/faults for an active fault profile, and the logs of the failing pods (request IDs are on every problem+json body).',
          },
        },
        {
          alert: 'SampleApiHighLatency',
          expr: `${latencyQuantile({ ...scope, window: '5m', quantile: o.latencyQuantile }, ALERT_GROUPING)} > ${o.latencyThresholdSeconds}`,
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: `sample-api {{ $labels.role }} ${pXX} latency above ${o.latencyThresholdSeconds}s`,
            description: `${pXX} latency of business requests to {{ $labels.role }} pods of {{ $labels.service }} in {{ $labels.namespace }} has been {{ $value | humanizeDuration }} for 10 minutes (threshold ${o.latencyThresholdSeconds}s, the canary analysis' own).`,
            runbook:
              'Open the canary vs stable dashboard: if only the canary is slow, abort the rollout; if every pod is, check CPU and event-loop lag on the runtime dashboard, the fault profile (app_fault_latency_seconds) and downstream dependencies.',
          },
        },
      ],
    },
    {
      name: 'sample-api.runtime',
      rules: [
        {
          alert: 'SampleApiTargetDown',
          expr: `${targetUp(scope)} == 0`,
          for: '2m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Prometheus cannot scrape sample-api pod {{ $labels.pod }}',
            description:
              'Scrapes of {{ $labels.instance }} ({{ $labels.service }} in {{ $labels.namespace }}) have failed for 2 minutes: the pod is down, crash-looping before its first scrape, or its metrics port is blocked.',
            runbook:
              'kubectl -n {{ $labels.namespace }} get pods, then describe the pod and read its logs (--previous after a crash); check the NetworkPolicy admits the monitoring namespace.',
          },
        },
        {
          alert: 'SampleApiRestarting',
          expr: `${restarts({ ...scope, window: '15m', by: [...ALERT_GROUPING, 'pod'] })} >= 2`,
          for: '1m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'sample-api pod {{ $labels.pod }} restarted {{ $value }} times in 15 minutes',
            description:
              'process_start_time_seconds of {{ $labels.pod }} ({{ $labels.role }}) changed {{ $value }} times in 15 minutes: the container keeps restarting (crash, OOM kill or failed liveness probe).',
            runbook:
              'kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }} for the last state and exit code; OOMKilled means raise the memory limit or fix a leak (see the heap panel), a liveness failure means the event loop was blocked.',
          },
        },
      ],
    },
  ];
}
