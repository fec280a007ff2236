import type { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ANALYSIS_ARGS, argPlaceholder } from './analysis-args.js';
import { guardedConditions } from './conditions.js';
import { type MeasurementPolicy, PrometheusAnalysisTemplate } from './prometheus-analysis-template.js';
import { assertBucketBound, latencyQuantile, successRatio, type WindowedQuery } from './promql/analysis.js';
import { durationString } from './promql/duration.js';

/** Props of {@link CanaryAnalysis}. */
export interface CanaryAnalysisProps {
  /** Prefix of the template names (`<prefix>-success-rate`, `<prefix>-latency`). */
  readonly namePrefix: string;
  readonly namespace: string;
  readonly prometheusAddress: string;
  /** Lowest acceptable share of non-5xx business requests, in (0, 1]. */
  readonly successRateThreshold: number;
  /** Latency quantile judged, e.g. 0.95 for p95. */
  readonly latencyQuantile: number;
  /** Highest acceptable latency at that quantile, in seconds; must be a histogram bucket bound. */
  readonly latencyThresholdSeconds: number;
  /** `rate()` window of every query. */
  readonly window: Duration;
  readonly policy: MeasurementPolicy;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The success-rate and tail-latency AnalysisTemplates, both measuring canary pods only. */
export class CanaryAnalysis extends Construct {
  readonly successRate: PrometheusAnalysisTemplate;
  readonly latency: PrometheusAnalysisTemplate;

  constructor(scope: Construct, id: string, props: CanaryAnalysisProps) {
    super(scope, id);
    if (!(props.successRateThreshold > 0 && props.successRateThreshold <= 1)) {
      throw new Error(`successRateThreshold must be in (0, 1], got ${props.successRateThreshold}`);
    }
    assertBucketBound(props.latencyThresholdSeconds);
    const args = Object.values(ANALYSIS_ARGS).map((name) => ({ name }));
    const canaryOnly: WindowedQuery = {
      namespace: argPlaceholder(ANALYSIS_ARGS.namespace),
      service: argPlaceholder(ANALYSIS_ARGS.service),
      podTemplateHash: argPlaceholder(ANALYSIS_ARGS.canaryHash),
      window: durationString(props.window),
    };
    const common = {
      namespace: props.namespace,
      args,
      policy: props.policy,
      prometheusAddress: props.prometheusAddress,
      labels: props.labels ?? {},
    };
    this.successRate = new PrometheusAnalysisTemplate(this, 'SuccessRate', {
      ...common,
      name: `${props.namePrefix}-success-rate`,
      metricName: 'success-rate',
      query: successRatio(canaryOnly),
      conditions: guardedConditions('at-least', props.successRateThreshold),
    });
    const percentile = Math.round(props.latencyQuantile * 1000) / 10;
    this.latency = new PrometheusAnalysisTemplate(this, 'Latency', {
      ...common,
      name: `${props.namePrefix}-latency`,
      metricName: `latency-p${percentile}`,
      query: latencyQuantile({ ...canaryOnly, quantile: props.latencyQuantile }),
      conditions: guardedConditions('at-most', props.latencyThresholdSeconds),
    });
  }

  /** Template names, in the order analysis steps reference them. */
  get templateNames(): string[] {
    return [this.successRate.name, this.latency.name];
  }
}
