import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Measurement, runAnalysis } from '../../rollouts/rehearsal/analysis-runner.js';
import { rolloutAction } from '../../rollouts/rehearsal/metric-run.js';
import { buildPlan, type PlannedMetric, renderQuery, resolveArgs } from '../../rollouts/rehearsal/plan.js';
import { describeMeasurement, formatValue } from '../../rollouts/rehearsal/progress.js';
import { type RunningPrometheus, startPrometheus } from '../../rollouts/rehearsal/prometheus-process.js';
import { instantQuery } from '../../rollouts/rehearsal/prometheus-query.js';
import { hasPrometheus } from './needs-prometheus.js';

const step = buildPlan().steps.find((s) => s.kind === 'analysis');
if (step?.kind !== 'analysis') throw new Error('the chart has no analysis step');
const args = resolveArgs(step.args, { latest: 'canaryhash', stable: 'stablehash' });
const against = (url: string) => (metric: PlannedMetric) =>
  instantQuery(url, renderQuery(metric.queryTemplate, args));
const fast = { timeScale: 0.0005, minIntervalMs: 20, now: () => 0 };

describe.skipIf(!hasPrometheus)('runAnalysis with the chart templates', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus({ targets: [] });
  });
  afterAll(() => prometheus?.stop());

  it('when the canary has no series yet, then the guarded conditions are Inconclusive and the run pauses the rollout', async () => {
    const seen: Measurement[] = [];
    const outcome = await runAnalysis({
      ...fast,
      metrics: step.metrics,
      query: against(prometheus.url),
      onMeasurement: (m) => seen.push(m),
    });
    expect(outcome.phase).toBe('Inconclusive');
    expect(rolloutAction(outcome.phase)).toBe('pause');
    const limit = step.metrics[0]?.limits.inconclusiveLimit ?? 0;
    for (const metric of outcome.metrics) expect(metric.phase).toBe('Inconclusive');
    expect(outcome.metrics[0]?.message).toBe(`inconclusive (${limit + 1}) > inconclusiveLimit (${limit})`);
    expect(seen.every((m) => Array.isArray(m.value) && m.value.length === 0)).toBe(true);
    expect(describeMeasurement(seen[0] as Measurement)).toMatch(/#1: result=\[\] → Inconclusive$/);
  });

  it('when Prometheus cannot be reached, then measurements are Errors and the streak errors the run, which aborts', async () => {
    const outcome = await runAnalysis({
      ...fast,
      metrics: step.metrics,
      query: against('http://127.0.0.1:1'),
    });
    const limit = step.metrics[0]?.limits.consecutiveErrorLimit ?? 0;
    expect(outcome.phase).toBe('Error');
    expect(rolloutAction(outcome.phase)).toBe('abort');
    const first = outcome.measurements[0];
    expect(first?.phase).toBe('Error');
    expect(first?.message).toMatch(/^query failed: /);
    expect(first?.value).toBeUndefined();
    expect(outcome.metrics.map((m) => m.message)).toContain(
      `consecutiveErrors (${limit + 1}) > consecutiveErrorLimit (${limit})`,
    );
    expect(describeMeasurement(first as Measurement)).toMatch(/result=no value → Error \(query failed/);
  });

  it('when one metric fails first, then the run terminates and the other ends Successful', async () => {
    const [success, latency] = step.metrics as [PlannedMetric, PlannedMetric];
    const outcome = await runAnalysis({
      ...fast,
      // Scalars: Argo passes them as a float, so the `len(result)` guard itself is an evaluation Error.
      metrics: [
        { ...success, queryTemplate: 'vector(0.5)', limits: { ...success.limits, failureLimit: 0 } },
        { ...latency, queryTemplate: 'vector(0.01)', initialDelayMs: 60_000 },
      ],
      query: against(prometheus.url),
    });
    expect(outcome.phase).toBe('Failed');
    expect(outcome.metrics.map((m) => [m.metric, m.phase, m.message])).toEqual([
      ['success-rate', 'Failed', 'failed (1) > failureLimit (0)'],
      ['latency-p95', 'Successful', 'run terminated'],
    ]);
  });

  it('when the query yields a scalar, then result is a float and len() makes it an Error', async () => {
    const [success] = step.metrics as [PlannedMetric];
    const outcome = await runAnalysis({
      ...fast,
      metrics: [
        { ...success, queryTemplate: '0.99', limits: { ...success.limits, consecutiveErrorLimit: 0 } },
      ],
      query: against(prometheus.url),
    });
    expect(outcome.measurements[0]).toMatchObject({
      value: 0.99,
      phase: 'Error',
      message: 'invalid argument for len (type float64)',
    });
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue([Number.NaN, 0.123456])).toBe('[NaN, 0.1235]');
  });
});
