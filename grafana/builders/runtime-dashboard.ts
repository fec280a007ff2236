import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RUNTIME_QUERIES } from '../../rollouts/promql/index.js';
import { redAbove, standardVariables, timeseries } from './panels.js';

/** Stable uid: links and provisioning keep working across regenerations. */
export const RUNTIME_DASHBOARD_UID = 'canary-lab-service-runtime';

/** Event-loop lag from which requests visibly queue behind blocked JavaScript. */
export const EVENT_LOOP_LAG_WARNING_SECONDS = 0.1;

/**
 * Service runtime, one series per pod: event-loop lag, memory, GC, CPU,
 * restarts, in-flight requests and the active fault profile.
 */
export function runtimeDashboard(): Dashboard {
  const q = RUNTIME_QUERIES;
  const half = { w: 12, h: 8 };
  return new DashboardBuilder('Canary Lab / Service runtime')
    .uid(RUNTIME_DASHBOARD_UID)
    .description('sample-api processes: Node.js runtime health per pod, restarts and the fault profile.')
    .tags(['canary-lab', 'sample-api', 'nodejs'])
    .editable()
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .variables(standardVariables())
    .withRow(new RowBuilder('Node.js runtime'))
    .withPanel(
      timeseries({
        title: 'Event-loop lag',
        description: `How late timers fire (p99 and mean): blocked JavaScript delays every request on the pod. Dashed line at ${EVENT_LOOP_LAG_WARNING_SECONDS}s.`,
        queries: q.eventLoopLag,
        unit: 's',
        span: half,
        steps: redAbove(EVENT_LOOP_LAG_WARNING_SECONDS),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Memory',
        description:
          'V8 heap used and total, and resident set size; compare RSS with the container memory limit.',
        queries: q.memory,
        unit: 'bytes',
        span: half,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Garbage collection',
        description:
          'Share of wall-clock time spent in GC, per GC kind (rate of nodejs_gc_duration_seconds_sum).',
        queries: [q.gc],
        unit: 'percentunit',
        span: half,
      }),
    )
    .withPanel(
      timeseries({
        title: 'CPU',
        description: 'CPU cores used by the process (rate of process_cpu_seconds_total).',
        queries: [q.cpu],
        unit: 'none',
        span: half,
      }),
    )
    .withRow(new RowBuilder('Process and traffic'))
    .withPanel(
      timeseries({
        title: 'Restarts in range',
        description:
          'Restarts within the dashboard time range, counted from the app itself: changes of process_start_time_seconds per pod (a restarted container keeps its pod and series). A pod that crashes before its first scrape shows as a down target instead.',
        queries: [q.restarts],
        unit: 'none',
        span: { w: 8, h: 8 },
        steps: redAbove(1),
      }),
    )
    .withPanel(
      timeseries({
        title: 'In-flight requests',
        description:
          'Requests being served now; during a shutdown drain this falls to 0 before the pod exits.',
        queries: [q.inFlight],
        unit: 'none',
        span: { w: 8, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: 'Active faults',
        description:
          'The fault profile per pod: share of business requests failed on purpose, and added latency (seconds). Non-zero on a canary that fakes a bad version.',
        queries: q.faults,
        unit: 'none',
        span: { w: 8, h: 8 },
      }),
    )
    .build();
}
