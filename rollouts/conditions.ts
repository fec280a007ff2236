/**
 * The guarded condition pair for a Prometheus metric (expr-lang). With both
 * conditions set, failure wins and "neither true" is Inconclusive, which pauses
 * the rollout. An empty result (no series yet) or NaN (0/0, or
 * histogram_quantile without observations) makes both false, so "no data yet"
 * pauses instead of counting as an Error that aborts a healthy canary.
 */
export interface GuardedConditions {
  readonly successCondition: string;
  readonly failureCondition: string;
}

/** Whether a good value is at least (`>=`) or at most (`<=`) the threshold. */
export type GoodWhen = 'at-least' | 'at-most';

const HAS_DATA = 'len(result) > 0 && !isNaN(result[0])';

/** The pair judging `result[0]` against `threshold`; the threshold itself counts as good. */
export function guardedConditions(goodWhen: GoodWhen, threshold: number): GuardedConditions {
  if (!Number.isFinite(threshold)) throw new Error(`threshold must be a finite number, got ${threshold}`);
  const [good, bad] = goodWhen === 'at-least' ? ['>=', '<'] : ['<=', '>'];
  return {
    successCondition: `${HAS_DATA} && result[0] ${good} ${threshold}`,
    failureCondition: `${HAS_DATA} && result[0] ${bad} ${threshold}`,
  };
}
