import { ANALYSIS_ARGS } from '../analysis-args.js';
import { SERIES_LABELS } from '../promql/selectors.js';
import { type AnalysisOutcome, type Measurement, runAnalysis } from './analysis-runner.js';
import { type Instance, type Role, startInstance } from './instances.js';
import type { MeasurementPhase } from './measurement.js';
import { rolloutAction } from './metric-run.js';
import { buildPlan, type PlannedMetric, type PlanStep, renderQuery, resolveArgs } from './plan.js';
import { describeMeasurement, describeStep, seconds } from './progress.js';
import { findPrometheus, type RunningPrometheus, startPrometheus } from './prometheus-process.js';
import { instantQuery } from './prometheus-query.js';
import { type SamplePoint, startSampler } from './sampler.js';
import { SCENARIO_PROFILES, type Scenario, STABLE_FAULTS } from './scenarios.js';
import { sleep } from './sleep.js';
import { type TrafficCounts, TrafficGenerator } from './traffic.js';

/** Options of {@link rehearse}. */
export interface RehearsalOptions {
  readonly scenario: Scenario;
  /** Multiplies pauses, initial delays and intervals (0.2 turns the minikube chart's ~5 min into ~1 min). */
  readonly timeScale: number;
  /** Which synthesized chart's steps and templates to replay. @default 'sample-api-minikube' */
  readonly chartId?: string;
  /** Requests per second across stable and canary. @default 40 */
  readonly ratePerSecond?: number;
  /** Where to find `prometheus`. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** How the rehearsal ended. */
export type Verdict =
  | { readonly kind: 'promoted' }
  | { readonly kind: 'aborted'; readonly step: number; readonly phase: MeasurementPhase }
  | { readonly kind: 'paused'; readonly step: number };

/** One step as it ran. */
export interface StepRecord {
  /** 1-based. */
  readonly index: number;
  readonly step: PlanStep;
  readonly startedAt: number;
  readonly endedAt: number;
  /** The canary weight while the step ran. */
  readonly weight: number;
  readonly analysis?: AnalysisOutcome;
}

/** Everything the report shows. */
export interface RehearsalResult {
  readonly scenario: Scenario;
  readonly chartId: string;
  readonly timeScale: number;
  readonly verdict: Verdict;
  readonly steps: readonly StepRecord[];
  readonly totalSteps: number;
  readonly measurements: readonly (Measurement & { readonly step: number })[];
  readonly samples: readonly SamplePoint[];
  /** The metrics the analysis steps run (the first analysis step's), for charts and thresholds. */
  readonly metrics: readonly PlannedMetric[];
  readonly traffic: Readonly<Record<Role, TrafficCounts>>;
  readonly hashes: Readonly<Record<Role, string>>;
  readonly durationMs: number;
}

async function stopAll(stops: (() => Promise<unknown>)[]): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}

/**
 * Replays the synthesized Rollout's canary steps against a stable and a canary
 * instance of the real service, measured by a real Prometheus with the real
 * AnalysisTemplate queries and conditions. Everything started is stopped, even
 * when a step throws.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const { log, timeScale } = options;
  if (!(timeScale > 0 && timeScale <= 1)) throw new Error(`time scale must be in (0, 1], got ${timeScale}`);
  const plan = buildPlan(options.chartId);
  findPrometheus(options.env ?? process.env);
  const firstAnalysis = plan.steps.find((s) => s.kind === 'analysis');
  const metrics = firstAnalysis?.metrics ?? [];
  const argSource = firstAnalysis?.args ?? [];
  const profile = SCENARIO_PROFILES[options.scenario];

  const stops: (() => Promise<unknown>)[] = [];
  const t0 = Date.now();
  const now = () => Date.now() - t0;
  try {
    // Both at once: each instance's start-up (its embedded store) takes seconds.
    const started = await Promise.allSettled([
      startInstance('stable', 1, STABLE_FAULTS),
      startInstance('canary', 2, profile.faults),
    ]);
    for (const s of started) if (s.status === 'fulfilled') stops.push(s.value.stop);
    const [stable, canary] = started.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    }) as [Instance, Instance];
    const hashes = { stable: stable.hash, canary: canary.hash };
    const literal = resolveArgs(argSource, { latest: canary.hash, stable: stable.hash });
    const targetLabels = (i: Instance) => ({
      [SERIES_LABELS.namespace]: literal[ANALYSIS_ARGS.namespace] ?? plan.namespace,
      [SERIES_LABELS.service]: literal[ANALYSIS_ARGS.service] ?? 'sample-api',
      [SERIES_LABELS.role]: i.role,
      [SERIES_LABELS.podTemplateHash]: i.hash,
      pod: `sample-api-${i.hash}-0`,
    });
    const prometheus: RunningPrometheus = await startPrometheus({
      targets: [stable, canary].map((i) => ({ address: i.address, labels: targetLabels(i) })),
      ...(options.env ? { env: options.env } : {}),
    });
    stops.push(prometheus.stop);
    log(
      `rehearsal: ${options.scenario} — ${profile.description}; steps of ${plan.chartId}, time scale ${timeScale}`,
    );
    log(`  stable  ${stable.url}  rollouts-pod-template-hash=${stable.hash}`);
    log(`  canary  ${canary.url}  rollouts-pod-template-hash=${canary.hash}`);
    log(`  prometheus ${prometheus.url}`);

    const traffic = new TrafficGenerator({
      targets: { stable: stable.url, canary: canary.url },
      paths: plan.trafficPaths,
      ratePerSecond: options.ratePerSecond ?? 40,
      maxInFlight: 200,
      timeoutMs: 5000,
    });
    traffic.start();
    stops.push(() => traffic.stop());
    // In a cluster Prometheus is already scraping when a rollout starts: wait for both targets.
    await waitForScrapes(prometheus.url, 2);
    const queryFor = (args: Record<string, string>) => (metric: PlannedMetric) =>
      instantQuery(prometheus.url, renderQuery(metric.queryTemplate, args));
    const sampler = startSampler({
      metrics,
      query: (metric, role) =>
        queryFor(resolveArgs(argSource, { latest: hashes[role], stable: stable.hash }))(metric),
      everyMs: 1000,
      now,
    });
    stops.push(sampler.stop);

    const steps: StepRecord[] = [];
    const measurements: (Measurement & { step: number })[] = [];
    let verdict: Verdict = { kind: 'promoted' };
    for (const [i, step] of plan.steps.entries()) {
      const index = i + 1;
      const startedAt = now();
      log(
        `[${seconds(startedAt)}] step ${index}/${plan.steps.length} weight ${traffic.weight}% · ${describeStep(step, timeScale)}`,
      );
      let analysis: AnalysisOutcome | undefined;
      if (step.kind === 'setWeight') traffic.setWeight(step.weight);
      else if (step.kind === 'pause') await sleep(step.durationMs * timeScale);
      else {
        analysis = await runAnalysis({
          metrics: step.metrics,
          query: queryFor(resolveArgs(step.args, { latest: canary.hash, stable: stable.hash })),
          timeScale,
          now,
          onMeasurement: (m) => {
            measurements.push({ ...m, step: index });
            log(`[${seconds(m.at)}]   ${describeMeasurement(m)}`);
          },
        });
        for (const m of analysis.metrics) log(`    ${m.metric}: ${m.phase} — ${m.message}`);
        log(`    AnalysisRun ${analysis.phase}`);
      }
      steps.push({
        index,
        step,
        startedAt,
        endedAt: now(),
        weight: traffic.weight,
        ...(analysis ? { analysis } : {}),
      });
      const action = analysis ? rolloutAction(analysis.phase) : 'continue';
      if (action === 'abort' && analysis) verdict = { kind: 'aborted', step: index, phase: analysis.phase };
      if (action === 'pause') verdict = { kind: 'paused', step: index };
      if (action !== 'continue') break;
    }
    await stopAll(stops.splice(2));
    const durationMs = now();
    log(
      `verdict after ${seconds(durationMs)} (start-up ${seconds(steps[0]?.startedAt ?? 0)}): ${verdictText(verdict)}`,
    );
    return {
      scenario: options.scenario,
      chartId: plan.chartId,
      timeScale,
      verdict,
      steps,
      totalSteps: plan.steps.length,
      measurements,
      samples: sampler.points,
      metrics,
      traffic: traffic.counts,
      hashes,
      durationMs,
    };
  } finally {
    await stopAll(stops);
  }
}

async function waitForScrapes(url: string, targets: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const up = await instantQuery(url, 'sum(up)').catch(() => undefined);
    if (up?.type === 'vector' && up.samples[0]?.value === targets) return;
    await sleep(250);
  }
  throw new Error(`Prometheus did not scrape both instances within ${timeoutMs} ms`);
}

/** The verdict in words. */
export function verdictText(verdict: Verdict): string {
  if (verdict.kind === 'promoted') return 'promoted';
  if (verdict.kind === 'paused') return `paused: inconclusive at step ${verdict.step} (not promoted)`;
  return `aborted at step ${verdict.step} (AnalysisRun ${verdict.phase})`;
}
