import { Testing } from 'cdk8s';
import { addCharts, CHART_IDS } from '../../infra/charts.js';
import type { RolloutArg } from '../analysis-args.js';
import { type ConditionNode, parseCondition } from './condition-parser.js';
import { parseGoDuration } from './go-duration.js';
import type { Conditions } from './measurement.js';
import { ARGO_DEFAULT_LIMITS, type MetricLimits } from './metric-run.js';

/** One AnalysisTemplate metric, ready to measure. */
export interface PlannedMetric {
  readonly template: string;
  readonly name: string;
  /** The template's query, `{{args.*}}` still in place. */
  readonly queryTemplate: string;
  readonly intervalMs: number;
  readonly initialDelayMs: number;
  readonly limits: MetricLimits;
  readonly successCondition?: string;
  readonly failureCondition?: string;
  readonly conditions: Conditions;
  /** The number `result[0]` is compared with, for charts; undefined when there is none. */
  readonly threshold?: number;
}

/** A canary step, as the synthesized Rollout declares it. */
export type PlanStep =
  | { readonly kind: 'setWeight'; readonly weight: number }
  | { readonly kind: 'pause'; readonly durationMs: number }
  | {
      readonly kind: 'analysis';
      readonly args: readonly RolloutArg[];
      readonly metrics: readonly PlannedMetric[];
    };

/** What the rehearsal replays: the steps and templates of one synthesized chart. */
export interface Plan {
  readonly chartId: string;
  readonly namespace: string;
  readonly steps: readonly PlanStep[];
  /** Paths the chart's in-cluster load generator requests. */
  readonly trafficPaths: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized manifests are plain JSON, checked field by field
type Json = Record<string, any>;

/** The chart ids the rehearsal can replay. */
export const REHEARSAL_CHARTS = Object.values(CHART_IDS);

/** The number compared with `result[0]` (or `result`) in a condition, if any. */
export function thresholdOf(node: ConditionNode | undefined): number | undefined {
  if (!node) return undefined;
  if (node.kind !== 'binary') return node.kind === 'unary' ? thresholdOf(node.arg) : undefined;
  const measured = (n: ConditionNode) =>
    n.kind === 'result' || (n.kind === 'index' && n.object.kind === 'result');
  if (['<', '<=', '>', '>='].includes(node.op)) {
    if (measured(node.left) && node.right.kind === 'number') return node.right.value;
    if (measured(node.right) && node.left.kind === 'number') return node.left.value;
  }
  return thresholdOf(node.right) ?? thresholdOf(node.left);
}

function plannedMetrics(template: Json): PlannedMetric[] {
  const name = template.metadata.name as string;
  return (template.spec.metrics as Json[]).map((metric) => {
    const query = metric.provider?.prometheus?.query;
    if (typeof query !== 'string')
      throw new Error(`${name}/${metric.name}: only Prometheus metrics can be rehearsed`);
    if (metric.count === undefined)
      throw new Error(`${name}/${metric.name}: a metric without count never completes`);
    const conditions: { success?: ConditionNode; failure?: ConditionNode } = {};
    if (metric.successCondition) conditions.success = parseCondition(metric.successCondition);
    if (metric.failureCondition) conditions.failure = parseCondition(metric.failureCondition);
    return {
      template: name,
      name: metric.name,
      queryTemplate: query,
      intervalMs: metric.interval ? parseGoDuration(metric.interval) : 0,
      initialDelayMs: metric.initialDelay ? parseGoDuration(metric.initialDelay) : 0,
      limits: {
        count: Number(metric.count),
        failureLimit: Number(metric.failureLimit ?? ARGO_DEFAULT_LIMITS.failureLimit),
        inconclusiveLimit: Number(metric.inconclusiveLimit ?? ARGO_DEFAULT_LIMITS.inconclusiveLimit),
        consecutiveErrorLimit: Number(
          metric.consecutiveErrorLimit ?? ARGO_DEFAULT_LIMITS.consecutiveErrorLimit,
        ),
      },
      successCondition: metric.successCondition,
      failureCondition: metric.failureCondition,
      conditions,
      threshold: thresholdOf(conditions.success) ?? thresholdOf(conditions.failure),
    };
  });
}

/** Synthesizes the chart and reads its Rollout steps and AnalysisTemplates: the rehearsal never copies them. */
export function buildPlan(chartId: string = CHART_IDS.minikube): Plan {
  const chart = addCharts(Testing.app(), []).find((c) => c.node.id === chartId);
  if (!chart) throw new Error(`unknown chart "${chartId}" (one of ${REHEARSAL_CHARTS.join(', ')})`);
  return planFromManifests(chartId, Testing.synth(chart) as Json[], chart.props.loadGenerator.paths);
}

/** The plan of a set of synthesized manifests: the Rollout's canary steps, each analysis with its templates' metrics. */
export function planFromManifests(
  chartId: string,
  objects: readonly Json[],
  trafficPaths: readonly string[],
): Plan {
  const rollout = objects.find((o) => o.kind === 'Rollout');
  if (!rollout) throw new Error(`chart ${chartId} has no Rollout`);
  const templates = new Map(
    objects.filter((o) => o.kind === 'AnalysisTemplate').map((t) => [t.metadata.name as string, t]),
  );
  const steps = (rollout.spec.strategy.canary?.steps ?? []) as Json[];
  return {
    chartId,
    namespace: rollout.metadata.namespace,
    trafficPaths,
    steps: steps.map((step): PlanStep => {
      if (step.setWeight !== undefined) return { kind: 'setWeight', weight: step.setWeight };
      if (step.pause) {
        if (!step.pause.duration)
          throw new Error('an indefinite pause waits for a human: it cannot be rehearsed');
        return { kind: 'pause', durationMs: parseGoDuration(String(step.pause.duration)) };
      }
      if (step.analysis) {
        const metrics = (step.analysis.templates as Json[]).flatMap((ref) => {
          const template = templates.get(ref.templateName);
          if (!template) throw new Error(`analysis step references unknown template ${ref.templateName}`);
          return plannedMetrics(template);
        });
        return { kind: 'analysis', args: step.analysis.args ?? [], metrics };
      }
      throw new Error(`unsupported canary step ${JSON.stringify(step)}`);
    }),
  };
}

/** Pod-template hashes of the two ReplicaSets, for `podTemplateHashValue`. */
export interface Hashes {
  readonly latest: string;
  readonly stable: string;
}

/** The argument values a Rollout passes: literal values, or the hash of the Latest/Stable ReplicaSet. */
export function resolveArgs(args: readonly RolloutArg[], hashes: Hashes): Record<string, string> {
  return Object.fromEntries(
    args.map((arg) => {
      if (arg.value !== undefined) return [arg.name, arg.value];
      const from = arg.valueFrom?.podTemplateHashValue;
      if (from === 'Latest') return [arg.name, hashes.latest];
      if (from === 'Stable') return [arg.name, hashes.stable];
      throw new Error(`argument ${arg.name} has neither a value nor a podTemplateHashValue`);
    }),
  );
}

/** Substitutes `{{args.name}}` as Argo does; a placeholder without a value is an error. */
export function renderQuery(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*args\.([\w.-]+)\s*\}\}/g, (_match, name: string) => {
    const value = args[name];
    if (value === undefined) throw new Error(`query uses {{args.${name}}}, which the Rollout does not pass`);
    return value;
  });
}
