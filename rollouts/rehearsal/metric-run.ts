import type { MeasurementPhase } from './measurement.js';

/** The limits of one metric, with Argo's defaults already applied. */
export interface MetricLimits {
  /** Measurements that count toward completion (Errors do not count). */
  readonly count: number;
  /** Failed measurements tolerated. @default 0 */
  readonly failureLimit: number;
  /** Inconclusive measurements tolerated. @default 0 */
  readonly inconclusiveLimit: number;
  /** Consecutive Error measurements tolerated. @default 4 */
  readonly consecutiveErrorLimit: number;
}

/** Argo's defaults for limits a template leaves out. */
export const ARGO_DEFAULT_LIMITS = {
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
} as const;

/** Counters of one metric's measurements, as in Argo's MetricResult. */
export interface Tally {
  readonly count: number;
  readonly successful: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly error: number;
  readonly consecutiveError: number;
}

export const EMPTY_TALLY: Tally = {
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveError: 0,
};

/** Adds one measurement: Errors bump the error streak and do not count; anything else resets it. */
export function record(tally: Tally, phase: MeasurementPhase): Tally {
  if (phase === 'Error') {
    return { ...tally, error: tally.error + 1, consecutiveError: tally.consecutiveError + 1 };
  }
  const key = phase === 'Successful' ? 'successful' : phase === 'Failed' ? 'failed' : 'inconclusive';
  return { ...tally, [key]: tally[key] + 1, count: tally.count + 1, consecutiveError: 0 };
}

/** A metric's (or a run's) phase: still Running, or completed. */
export type MetricPhase = 'Running' | MeasurementPhase;

/** Why a metric completed as it did, in Argo's words. */
export interface MetricVerdict {
  readonly phase: MetricPhase;
  readonly message: string;
}

/**
 * Argo's assessment after each measurement: Failed when failed > failureLimit,
 * Inconclusive when inconclusive > inconclusiveLimit, Error when the error
 * streak > consecutiveErrorLimit (later checks win), else Successful once
 * `count` measurements are in; a terminating run ends a metric as Successful.
 */
export function assessMetric(limits: MetricLimits, tally: Tally, terminating = false): MetricVerdict {
  let verdict: MetricVerdict | undefined;
  if (tally.failed > limits.failureLimit) {
    verdict = {
      phase: 'Failed',
      message: `failed (${tally.failed}) > failureLimit (${limits.failureLimit})`,
    };
  }
  if (tally.inconclusive > limits.inconclusiveLimit) {
    verdict = {
      phase: 'Inconclusive',
      message: `inconclusive (${tally.inconclusive}) > inconclusiveLimit (${limits.inconclusiveLimit})`,
    };
  }
  if (tally.consecutiveError > limits.consecutiveErrorLimit) {
    verdict = {
      phase: 'Error',
      message: `consecutiveErrors (${tally.consecutiveError}) > consecutiveErrorLimit (${limits.consecutiveErrorLimit})`,
    };
  }
  if (verdict) return verdict;
  if (tally.count >= limits.count) return { phase: 'Successful', message: `count (${limits.count}) reached` };
  if (terminating) return { phase: 'Successful', message: 'run terminated' };
  return { phase: 'Running', message: `${tally.count}/${limits.count} measurements` };
}

const ORDER: readonly MeasurementPhase[] = ['Successful', 'Inconclusive', 'Error', 'Failed'];

/** The worst of completed phases (Successful < Inconclusive < Error < Failed), as Argo ranks a run. */
export function worstPhase(phases: readonly MeasurementPhase[]): MeasurementPhase {
  return phases.reduce<MeasurementPhase>(
    (worst, phase) => (ORDER.indexOf(phase) > ORDER.indexOf(worst) ? phase : worst),
    'Successful',
  );
}

/** What the Rollout does with a completed AnalysisRun: Failed and Error abort, Inconclusive pauses. */
export function rolloutAction(phase: MeasurementPhase): 'continue' | 'abort' | 'pause' {
  if (phase === 'Successful') return 'continue';
  return phase === 'Inconclusive' ? 'pause' : 'abort';
}
