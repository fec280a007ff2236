import { ConditionEvalError, evaluateCondition, type MetricValue } from './condition-eval.js';
import type { ConditionNode } from './condition-parser.js';
import type { InstantResult } from './prometheus-query.js';

/** A measurement's phase, as Argo Rollouts records it. */
export type MeasurementPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

/** A metric's parsed conditions; either may be absent. */
export interface Conditions {
  readonly success?: ConditionNode;
  readonly failure?: ConditionNode;
}

/** One judged measurement. */
export interface Assessment {
  readonly phase: MeasurementPhase;
  /** Why it is an Error (a condition could not be evaluated). */
  readonly message?: string;
}

/**
 * What Argo's Prometheus provider hands the conditions as `result`: every
 * sample's value for a vector (an empty list when there are no series), the
 * value itself for a scalar.
 */
export function metricValue(instant: InstantResult): MetricValue {
  return instant.type === 'vector' ? instant.samples.map((s) => s.value) : instant.value;
}

/**
 * Argo's rules for one measurement: an evaluation error is Error; with only a
 * success condition anything not true is Failed; with only a failure condition
 * anything not true is Successful; with both, failure wins and neither true is
 * Inconclusive; with neither, Successful.
 */
export function assessMeasurement(conditions: Conditions, result: MetricValue): Assessment {
  let succeeded = false;
  let failed = false;
  try {
    if (conditions.success) succeeded = evaluateCondition(conditions.success, result);
    if (conditions.failure) failed = evaluateCondition(conditions.failure, result);
  } catch (error) {
    if (!(error instanceof ConditionEvalError)) throw error;
    return { phase: 'Error', message: error.message };
  }
  if (!conditions.success && !conditions.failure) return { phase: 'Successful' };
  if (conditions.success && !conditions.failure) failed = !succeeded;
  if (!conditions.success && conditions.failure) succeeded = !failed;
  if (failed) return { phase: 'Failed' };
  return { phase: succeeded ? 'Successful' : 'Inconclusive' };
}
