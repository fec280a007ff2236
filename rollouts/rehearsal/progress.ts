import type { Measurement } from './analysis-runner.js';
import type { MetricValue } from './condition-eval.js';
import type { PlanStep } from './plan.js';

/** A measured value as a person reads it: `[0.9871]`, `[]`, `NaN`. */
export function formatValue(value: MetricValue | undefined): string {
  if (value === undefined) return 'no value';
  const one = (v: number) => (Number.isNaN(v) ? 'NaN' : String(Number(v.toPrecision(4))));
  return Array.isArray(value) ? `[${value.map(one).join(', ')}]` : one(value as number);
}

/** `1m30s`-free seconds, e.g. `6.0s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The line announcing a step. */
export function describeStep(step: PlanStep, timeScale: number): string {
  if (step.kind === 'setWeight')
    return `setWeight ${step.weight}: the canary gets ${step.weight}% of traffic`;
  if (step.kind === 'pause') {
    return `pause ${seconds(step.durationMs)} (scaled to ${seconds(step.durationMs * timeScale)})`;
  }
  return `analysis ${[...new Set(step.metrics.map((m) => m.template))].join(', ')}`;
}

/** The line for one measurement. */
export function describeMeasurement(m: Measurement): string {
  const why = m.message ? ` (${m.message})` : '';
  return `${m.metric} #${m.seq}: result=${formatValue(m.value)} → ${m.phase}${why}`;
}
