import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../rollouts/rehearsal/plan.js';
import type { RehearsalResult } from '../../rollouts/rehearsal/rehearsal.js';
import { verdictText } from '../../rollouts/rehearsal/rehearsal.js';
import { renderReport } from '../../rollouts/rehearsal/report-html.js';

const plan = buildPlan();
const analysis = plan.steps.find((s) => s.kind === 'analysis');
if (analysis?.kind !== 'analysis') throw new Error('no analysis step');
const [success, latency] = analysis.metrics;
const counts = { sent: 10, ok: 10, serverErrors: 0, failures: 0 };

/** A paused run: no series for the canary yet, so the guarded conditions were Inconclusive. */
const paused: RehearsalResult = {
  scenario: 'healthy',
  chartId: plan.chartId,
  timeScale: 0.1,
  verdict: { kind: 'paused', step: 3 },
  steps: plan.steps.slice(0, 3).map((step, i) => ({
    index: i + 1,
    step,
    startedAt: 1000 + i * 2000,
    endedAt: 3000 + i * 2000,
    weight: i === 0 ? 0 : 25,
  })),
  totalSteps: plan.steps.length,
  measurements: [
    { metric: 'success-rate', seq: 1, at: 6000, value: [], phase: 'Inconclusive', step: 3 },
    {
      metric: 'latency-p95',
      seq: 1,
      at: 6000,
      value: 0.25,
      phase: 'Error',
      message: 'len of <float64>',
      step: 3,
    },
  ],
  samples: [
    { metric: 'success-rate', role: 'stable', at: 2000, value: 1 },
    { metric: 'success-rate', role: 'canary', at: 2000, value: Number.NaN },
  ],
  metrics: [success!, { ...latency!, threshold: undefined }],
  traffic: { stable: counts, canary: { ...counts, sent: 0, ok: 0 } },
  hashes: { stable: 'aaa', canary: 'bbb' },
  durationMs: 7000,
};

describe('renderReport', () => {
  it('when the run paused, then the verdict says so and the page escapes conditions and messages', () => {
    const html = renderReport(paused);
    expect(html).toContain(
      '<p class="verdict verdict-paused" id="verdict">paused: inconclusive at step 3 (not promoted)</p>',
    );
    expect(html).toContain('len(result) &#62; 0 &#38;&#38; !isNaN(result[0])');
    expect(html).toContain('len of &#60;float64&#62;');
    expect(html).toContain('<td>[]</td><td class="phase-Inconclusive">Inconclusive</td>');
    expect(html).toContain('<td>5.0s</td>');
    expect(html).not.toMatch(/<script|src="http/);
  });

  it('when a metric has no threshold, then its chart has no threshold line; the other has one', () => {
    const html = renderReport(paused);
    const charts = html.split('<svg').slice(1);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain('class="threshold"');
    expect(charts[1]).not.toContain('class="threshold"');
    expect(charts[1]).toContain('ms<');
    expect(charts[0]).toContain('canary 25%');
  });

  it('when verdicts are put in words, then each names what Argo does', () => {
    expect(verdictText({ kind: 'promoted' })).toBe('promoted');
    expect(verdictText({ kind: 'aborted', step: 6, phase: 'Error' })).toBe(
      'aborted at step 6 (AnalysisRun Error)',
    );
  });

  it('when no step ran, then the page still renders', () => {
    expect(renderReport({ ...paused, steps: [], measurements: [], samples: [] })).toContain('0/6 steps run');
  });
});
