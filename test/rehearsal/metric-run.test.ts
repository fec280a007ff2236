import { describe, expect, it } from 'vitest';
import type { MeasurementPhase } from '../../rollouts/rehearsal/measurement.js';
import {
  ARGO_DEFAULT_LIMITS,
  assessMetric,
  EMPTY_TALLY,
  type MetricLimits,
  record,
  rolloutAction,
  worstPhase,
} from '../../rollouts/rehearsal/metric-run.js';

const tallyOf = (phases: MeasurementPhase[]) => phases.reduce(record, EMPTY_TALLY);
const limits = (overrides: Partial<MetricLimits> = {}): MetricLimits => ({
  count: 4,
  ...ARGO_DEFAULT_LIMITS,
  ...overrides,
});

describe('record', () => {
  it('when an Error is recorded, then it extends the streak and does not count', () => {
    expect(tallyOf(['Error', 'Error'])).toMatchObject({ count: 0, error: 2, consecutiveError: 2 });
  });

  it('when anything else is recorded, then it counts and resets the streak', () => {
    expect(tallyOf(['Error', 'Successful', 'Failed', 'Inconclusive'])).toEqual({
      count: 3,
      successful: 1,
      failed: 1,
      inconclusive: 1,
      error: 1,
      consecutiveError: 0,
    });
  });
});

describe('assessMetric (Argo limits)', () => {
  it('when Argo defaults apply, then one Failed fails and one Inconclusive is inconclusive', () => {
    expect(assessMetric(limits(), tallyOf(['Failed']))).toEqual({
      phase: 'Failed',
      message: 'failed (1) > failureLimit (0)',
    });
    expect(assessMetric(limits(), tallyOf(['Inconclusive'])).phase).toBe('Inconclusive');
  });

  it('when failures stay within failureLimit, then the metric runs on and succeeds at count', () => {
    const policy = limits({ failureLimit: 1 });
    expect(assessMetric(policy, tallyOf(['Failed'])).phase).toBe('Running');
    expect(assessMetric(policy, tallyOf(['Failed', 'Successful', 'Successful', 'Successful']))).toEqual({
      phase: 'Successful',
      message: 'count (4) reached',
    });
    expect(assessMetric(policy, tallyOf(['Failed', 'Successful', 'Failed'])).phase).toBe('Failed');
  });

  it('when errors reach the default consecutiveErrorLimit (4), then only the fifth errors the metric', () => {
    expect(assessMetric(limits(), tallyOf(['Error', 'Error', 'Error', 'Error'])).phase).toBe('Running');
    expect(assessMetric(limits(), tallyOf(['Error', 'Error', 'Error', 'Error', 'Error']))).toEqual({
      phase: 'Error',
      message: 'consecutiveErrors (5) > consecutiveErrorLimit (4)',
    });
  });

  it('when errors are interrupted, then the streak restarts', () => {
    const policy = limits({ consecutiveErrorLimit: 1 });
    expect(assessMetric(policy, tallyOf(['Error', 'Successful', 'Error'])).phase).toBe('Running');
  });

  it('when several limits are exceeded, then the later check wins (Error over Inconclusive over Failed)', () => {
    const policy = limits({ consecutiveErrorLimit: 0 });
    expect(assessMetric(policy, tallyOf(['Failed', 'Inconclusive'])).phase).toBe('Inconclusive');
    expect(assessMetric(policy, tallyOf(['Failed', 'Inconclusive', 'Error'])).phase).toBe('Error');
  });

  it('when the run terminates early, then a metric still running ends Successful', () => {
    expect(assessMetric(limits(), tallyOf(['Successful']), true)).toEqual({
      phase: 'Successful',
      message: 'run terminated',
    });
  });
});

describe('worstPhase and rolloutAction', () => {
  it('when metrics complete differently, then the run takes the worst, and the Rollout acts on it', () => {
    expect(worstPhase([])).toBe('Successful');
    expect(worstPhase(['Successful', 'Inconclusive'])).toBe('Inconclusive');
    expect(worstPhase(['Error', 'Inconclusive'])).toBe('Error');
    expect(worstPhase(['Failed', 'Error', 'Successful'])).toBe('Failed');
    expect(rolloutAction('Successful')).toBe('continue');
    expect(rolloutAction('Inconclusive')).toBe('pause');
    expect(rolloutAction('Error')).toBe('abort');
    expect(rolloutAction('Failed')).toBe('abort');
  });
});
