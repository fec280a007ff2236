import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { ApiObject, type Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { ArgDeclaration } from './analysis-args.js';
import type { GuardedConditions } from './conditions.js';
import { durationString } from './promql/duration.js';

/** How often and how strictly one Prometheus metric is measured. */
export interface MeasurementPolicy {
  /** Time between measurements. */
  readonly interval: Duration;
  /** Measurements per run. */
  readonly count: number;
  /** Wait before the first measurement, so the canary has served a full query window. */
  readonly initialDelay: Duration;
  /** Failed measurements tolerated; one more fails the run (and aborts the rollout). */
  readonly failureLimit: number;
  /** Inconclusive ("no data yet") measurements tolerated before the rollout pauses. */
  readonly inconclusiveLimit: number;
  /** Consecutive query errors (Prometheus unreachable) tolerated before the run errors and aborts. */
  readonly consecutiveErrorLimit: number;
}

/** Props of {@link PrometheusAnalysisTemplate}. */
export interface PrometheusAnalysisTemplateProps {
  /** Template name, referenced by the Rollout's analysis steps. */
  readonly name: string;
  readonly namespace: string;
  /** Metric name inside the template (shown in `kubectl argo rollouts get`). */
  readonly metricName: string;
  /** Arguments the query's `{{args.*}}` placeholders use. */
  readonly args: readonly ArgDeclaration[];
  /** PromQL with `{{args.*}}` placeholders. */
  readonly query: string;
  readonly conditions: GuardedConditions;
  readonly policy: MeasurementPolicy;
  /** Prometheus base URL, as the Argo Rollouts controller reaches it. */
  readonly prometheusAddress: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** An AnalysisTemplate with one guarded Prometheus metric. */
export class PrometheusAnalysisTemplate extends Construct {
  readonly name: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PrometheusAnalysisTemplateProps) {
    super(scope, id);
    this.name = props.name;
    const { policy } = props;
    const spec: IAnalysisTemplate['spec'] = {
      args: props.args.map((a) => ({ name: a.name })),
      metrics: [
        {
          name: props.metricName,
          interval: durationString(policy.interval),
          initialDelay: durationString(policy.initialDelay),
          count: policy.count,
          failureLimit: policy.failureLimit,
          inconclusiveLimit: policy.inconclusiveLimit,
          consecutiveErrorLimit: policy.consecutiveErrorLimit,
          successCondition: props.conditions.successCondition,
          failureCondition: props.conditions.failureCondition,
          provider: { prometheus: { address: props.prometheusAddress, query: props.query } },
        },
      ],
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
