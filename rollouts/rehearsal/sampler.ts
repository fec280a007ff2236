import type { Role } from './instances.js';
import type { PlannedMetric } from './plan.js';
import type { InstantResult } from './prometheus-query.js';

/** One charted point: a metric's query for one role at one moment. */
export interface SamplePoint {
  readonly metric: string;
  readonly role: Role;
  /** Milliseconds since the rehearsal started. */
  readonly at: number;
  /** `result[0]`; NaN when the query had no data or failed. */
  readonly value: number;
}

/** Options of {@link startSampler}. */
export interface SamplerOptions {
  readonly metrics: readonly PlannedMetric[];
  /** Runs a metric's query with the Latest hash set to the given role's hash. */
  readonly query: (metric: PlannedMetric, role: Role) => Promise<InstantResult>;
  readonly everyMs: number;
  readonly now: () => number;
}

function first(result: InstantResult): number {
  if (result.type === 'scalar') return result.value;
  return result.samples[0]?.value ?? Number.NaN;
}

/**
 * Charts the analysis queries for both roles over the whole rehearsal: the
 * canary's line is what the analysis sees, the stable line the same query
 * pointed at the stable ReplicaSet, for comparison.
 */
export function startSampler(options: SamplerOptions): { points: SamplePoint[]; stop(): Promise<void> } {
  const points: SamplePoint[] = [];
  let pending: Promise<unknown> = Promise.resolve();
  const sampleOnce = () => {
    const at = options.now();
    pending = Promise.all(
      options.metrics.flatMap((metric) =>
        (['stable', 'canary'] as const).map(async (role) => {
          const value = await options.query(metric, role).then(first, () => Number.NaN);
          points.push({ metric: metric.name, role, at, value });
        }),
      ),
    );
  };
  const timer = setInterval(sampleOnce, options.everyMs);
  return {
    points,
    stop: async () => {
      clearInterval(timer);
      await pending;
      points.sort((a, b) => a.at - b.at);
    },
  };
}
