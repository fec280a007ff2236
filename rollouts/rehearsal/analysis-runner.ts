import type { MetricValue } from './condition-eval.js';
import { type Assessment, assessMeasurement, type MeasurementPhase, metricValue } from './measurement.js';
import { assessMetric, EMPTY_TALLY, type MetricVerdict, record, worstPhase } from './metric-run.js';
import type { PlannedMetric } from './plan.js';
import type { InstantResult } from './prometheus-query.js';
import { sleep } from './sleep.js';

/** One measurement of one metric. */
export interface Measurement extends Assessment {
  readonly metric: string;
  /** 1-based, per metric. */
  readonly seq: number;
  /** Milliseconds since the rehearsal started. */
  readonly at: number;
  /** `result` as the conditions saw it; undefined when the query failed. */
  readonly value: MetricValue | undefined;
}

/** How one metric of the run ended. */
export interface MetricOutcome extends MetricVerdict {
  readonly metric: string;
  readonly phase: MeasurementPhase;
}

/** A completed AnalysisRun. */
export interface AnalysisOutcome {
  readonly phase: MeasurementPhase;
  readonly metrics: readonly MetricOutcome[];
  readonly measurements: readonly Measurement[];
}

/** Options of {@link runAnalysis}. */
export interface AnalysisRunOptions {
  readonly metrics: readonly PlannedMetric[];
  /** Runs a metric's rendered query. */
  readonly query: (metric: PlannedMetric) => Promise<InstantResult>;
  /** Multiplies initialDelay and interval. */
  readonly timeScale: number;
  /** Shortest scaled interval, so measurements never outrun scraping. @default 1000 */
  readonly minIntervalMs?: number;
  readonly now: () => number;
  readonly onMeasurement?: (measurement: Measurement) => void;
}

/**
 * Runs one AnalysisRun the way the Argo controller does: each metric measures
 * after its initialDelay and then every interval, until its limits or count
 * decide it; the first metric to complete unsuccessfully terminates the run,
 * whose phase is the worst of its metrics'.
 */
export async function runAnalysis(options: AnalysisRunOptions): Promise<AnalysisOutcome> {
  const terminate = new AbortController();
  const measurements: Measurement[] = [];
  const scaled = (ms: number, min: number) => Math.max(ms * options.timeScale, min);

  const runMetric = async (metric: PlannedMetric): Promise<MetricOutcome> => {
    let tally = EMPTY_TALLY;
    await sleep(scaled(metric.initialDelayMs, 0), terminate.signal);
    for (let seq = 1; !terminate.signal.aborted; seq++) {
      let assessment: Assessment;
      let value: MetricValue | undefined;
      try {
        value = metricValue(await options.query(metric));
        assessment = assessMeasurement(metric.conditions, value);
      } catch (error) {
        // A provider error (Prometheus unreachable, bad query) is an Error measurement, as in Argo.
        assessment = { phase: 'Error', message: (error as Error).message };
      }
      const measurement = { metric: metric.name, seq, at: options.now(), value, ...assessment };
      measurements.push(measurement);
      options.onMeasurement?.(measurement);
      tally = record(tally, assessment.phase);
      const verdict = assessMetric(metric.limits, tally);
      if (verdict.phase !== 'Running') {
        if (verdict.phase !== 'Successful') terminate.abort();
        return { metric: metric.name, ...verdict, phase: verdict.phase };
      }
      await sleep(scaled(metric.intervalMs, options.minIntervalMs ?? 1000), terminate.signal);
    }
    const verdict = assessMetric(metric.limits, tally, true);
    return { metric: metric.name, message: verdict.message, phase: verdict.phase as MeasurementPhase };
  };

  const metrics = await Promise.all(options.metrics.map(runMetric));
  return { phase: worstPhase(metrics.map((m) => m.phase)), metrics, measurements };
}
