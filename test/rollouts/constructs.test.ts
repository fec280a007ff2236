import { Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { rolloutArgs } from '../../rollouts/analysis-args.js';
import { CanaryAnalysis } from '../../rollouts/canary-analysis.js';
import { canaryStrategy } from '../../rollouts/canary-strategy.js';
import { Rollout } from '../../rollouts/rollout.js';

const policy = {
  interval: Duration.seconds(30),
  count: 3,
  initialDelay: Duration.minutes(1),
  failureLimit: 0,
  inconclusiveLimit: 2,
  consecutiveErrorLimit: 3,
};

describe('Argo constructs on their own', () => {
  it('when the analysis has no extra labels and a p99 threshold, then templates are named and labelled accordingly', () => {
    const chart = Testing.chart();
    const analysis = new CanaryAnalysis(chart, 'a', {
      namePrefix: 'svc',
      namespace: 'ns',
      prometheusAddress: 'http://prom:9090',
      successRateThreshold: 1,
      latencyQuantile: 0.99,
      latencyThresholdSeconds: 1,
      window: Duration.minutes(2),
      policy,
    });
    expect(analysis.templateNames).toEqual(['svc-success-rate', 'svc-latency']);
    const latency = analysis.latency.apiObject.toJson();
    expect(latency.metadata.labels).toBeUndefined();
    expect(latency.spec.metrics[0]).toMatchObject({
      name: 'latency-p99',
      interval: '30s',
      count: 3,
      failureLimit: 0,
    });
    expect(latency.spec.metrics[0].provider.prometheus.query).toContain('histogram_quantile(0.99,');
  });

  it('when the selector asks for a label the template lacks, then the Rollout refuses, naming both values', () => {
    const strategy = {
      canary: canaryStrategy({
        stableService: 's',
        canaryService: 'c',
        traffic: { mode: 'replicas' },
        weights: [50],
        pauseBeforeAnalysis: Duration.seconds(10),
        templates: ['t'],
        args: rolloutArgs('m', 'ns'),
        abortScaleDownDelay: Duration.seconds(0),
      }),
    };
    const base = { name: 'r', namespace: 'ns', labels: {}, replicas: 1, strategy };
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    };
    expect(
      () => new Rollout(Testing.chart(), 'bad', { ...base, selectorLabels: { app: 'y' }, template }),
    ).toThrow('selector label app=y is not on the pod template (template has app=x)');
    const ok = new Rollout(Testing.chart(), 'ok', { ...base, selectorLabels: { app: 'x' }, template });
    expect(ok.apiObject.toJson().spec.revisionHistoryLimit).toBe(3);
    expect(strategy.canary.steps).toHaveLength(3);
    expect(strategy.canary.trafficRouting).toBeUndefined();
  });
});
