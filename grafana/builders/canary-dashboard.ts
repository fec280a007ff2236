import { BigValueGraphMode, BigValueTextMode } from '@grafana/grafana-foundation-sdk/common';
import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { CANARY_QUERIES, type PanelQuery, percentileName } from '../../rollouts/promql/index.js';
import { redAbove, redBelow, standardVariables, stat, timeseries } from './panels.js';

/** The thresholds the canary analysis judges with, drawn on the panels. */
export interface AnalysisThresholds {
  readonly successRateThreshold: number;
  readonly latencyQuantile: number;
  readonly latencyThresholdSeconds: number;
}

/** Stable uid: links and provisioning keep working across regenerations. */
export const CANARY_DASHBOARD_UID = 'canary-lab-canary-vs-stable';

/**
 * Canary vs stable, RED: request rate, success rate and latency per role and
 * pod-template hash side by side, with the analysis thresholds drawn in, and
 * which version each side runs.
 */
export function canaryDashboard(t: AnalysisThresholds): Dashboard {
  const q = CANARY_QUERIES;
  const pXX = percentileName(t.latencyQuantile);
  const successSteps = redBelow(t.successRateThreshold);
  const ratio = { unit: 'percentunit', min: 0, max: 1, steps: successSteps };
  const successStat = (role: 'canary' | 'stable', query: PanelQuery) =>
    stat({
      title: `${role[0]!.toUpperCase()}${role.slice(1)} success rate`,
      description: `Share of non-5xx business requests on ${role} pods now; red below the analysis threshold (${t.successRateThreshold}). No value: no ${role} traffic.`,
      queries: [query],
      span: { w: 6, h: 5 },
      ...ratio,
    }).graphMode(BigValueGraphMode.Area);

  return new DashboardBuilder('Canary Lab / Canary vs stable (RED)')
    .uid(CANARY_DASHBOARD_UID)
    .description('sample-api canary against stable: the numbers the Argo Rollouts analysis judges.')
    .tags(['canary-lab', 'sample-api', 'argo-rollouts'])
    .editable()
    .timezone('browser')
    .time({ from: 'now-30m', to: 'now' })
    .refresh('10s')
    .variables(standardVariables())
    .withRow(new RowBuilder('Right now'))
    .withPanel(
      stat({
        title: 'Version per role',
        description:
          'app_info of each role and ReplicaSet (pod-template hash): which build the canary and the stable pods run.',
        queries: [q.version],
        unit: 'none',
        span: { w: 12, h: 5 },
      })
        .textMode(BigValueTextMode.Name)
        .graphMode(BigValueGraphMode.None),
    )
    .withPanel(successStat('canary', q.canarySuccessRatio))
    .withPanel(successStat('stable', q.stableSuccessRatio))
    .withRow(new RowBuilder('Rate and errors'))
    .withPanel(
      timeseries({
        title: 'Request rate',
        description:
          'Business requests per second (/api/*, /demo/*) per role and ReplicaSet; probes and scrapes excluded.',
        queries: [q.requestRate],
        unit: 'reqps',
        span: { w: 12, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: 'Success rate',
        description: `Share of business requests answered without a 5xx; the dashed line is the analysis threshold (${t.successRateThreshold}): a canary below it fails the analysis.`,
        queries: [q.successRatio],
        span: { w: 12, h: 8 },
        ...ratio,
      }),
    )
    .withRow(new RowBuilder('Duration'))
    .withPanel(
      timeseries({
        title: 'Latency p50 / p95 / p99',
        description: `Latency quantiles per role and ReplicaSet from http_request_duration_seconds; the dashed line is the analysis threshold: ${pXX} must stay at or under ${t.latencyThresholdSeconds}s.`,
        queries: q.latency,
        unit: 's',
        span: { w: 12, h: 8 },
        steps: redAbove(t.latencyThresholdSeconds),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Responses by status',
        description: 'Business responses per second by role and status code: which errors the canary adds.',
        queries: [q.responsesByStatus],
        unit: 'reqps',
        span: { w: 12, h: 8 },
      }),
    )
    .build();
}
