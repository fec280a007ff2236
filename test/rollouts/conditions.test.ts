import { describe, expect, it } from 'vitest';
import { guardedConditions } from '../../rollouts/conditions.js';
import { phase } from './expr-eval.js';

describe('guarded analysis conditions', () => {
  const success = guardedConditions('at-least', 0.95);
  const latency = guardedConditions('at-most', 0.5);

  it('when there is no series yet, then the measurement is Inconclusive, not an Error', () => {
    expect(phase(success, [])).toBe('Inconclusive');
    expect(phase(latency, [])).toBe('Inconclusive');
  });

  it('when the query gives NaN (0/0 or no observations), then it is Inconclusive', () => {
    expect(phase(success, [Number.NaN])).toBe('Inconclusive');
    expect(phase(latency, [Number.NaN])).toBe('Inconclusive');
  });

  it('when the value is on the good side (threshold included), then it is Successful', () => {
    expect(phase(success, [0.99])).toBe('Successful');
    expect(phase(success, [0.95])).toBe('Successful');
    expect(phase(latency, [0.5])).toBe('Successful');
  });

  it('when the value is on the bad side, then it is Failed', () => {
    expect(phase(success, [0.5])).toBe('Failed');
    expect(phase(latency, [0.75])).toBe('Failed');
  });

  it('when the guard is left out, then an empty result is an Error (the trap the guard avoids)', () => {
    expect(phase({ successCondition: 'result[0] >= 0.95', failureCondition: 'result[0] < 0.95' }, [])).toBe(
      'Error',
    );
  });

  it('when the threshold is not a finite number, then building the pair throws', () => {
    expect(() => guardedConditions('at-least', Number.NaN)).toThrow(
      'threshold must be a finite number, got NaN',
    );
  });
});
