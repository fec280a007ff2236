import { Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { minikubePreset, productionPreset } from '../../infra/presets.js';
import { SampleApiChart } from '../../infra/sample-api-chart.js';
import type { SampleApiProps } from '../../infra/sample-api-props.js';

const synth = (props: SampleApiProps) => new SampleApiChart(Testing.app(), 'test', props);
const mk = minikubePreset();

describe('chart props', () => {
  it('when a Secret is both created and referenced, then synth fails naming both', () => {
    expect(() =>
      synth({ ...mk, adminSecret: { createWithToken: 't', existingSecretName: 'prod-admin' } }),
    ).toThrow(/adminSecret.createWithToken and adminSecret.existingSecretName="prod-admin" contradict/);
    expect(() => synth({ ...mk, adminSecret: {} })).toThrow(
      'adminSecret needs createWithToken or existingSecretName',
    );
  });

  it('when the load generator must reach an ingress host it cannot address, then synth fails naming both', () => {
    expect(() =>
      synth({ ...productionPreset(), loadGenerator: { ...mk.loadGenerator, enabled: true } }),
    ).toThrow(
      /loadGenerator.enabled=true cannot reach traffic.host="sample-api.example.com" in traffic.mode="nginx"/,
    );
  });

  it('when the rate window is shorter than 4 scrape intervals, then synth fails naming both', () => {
    expect(() => synth({ ...mk, analysis: { ...mk.analysis, window: Duration.seconds(30) } })).toThrow(
      'analysis.window=30s is shorter than 4 × monitoring.scrapeInterval=15s',
    );
  });

  it('when the first measurement would come before a full window, then synth fails naming both', () => {
    const policy = { ...mk.analysis.policy, initialDelay: Duration.seconds(30) };
    expect(() => synth({ ...mk, analysis: { ...mk.analysis, policy } })).toThrow(
      'analysis.policy.initialDelay=30s is shorter than analysis.window=60s',
    );
  });

  it('when autoscaling bounds are inverted, then synth fails naming both', () => {
    expect(() =>
      synth({ ...mk, autoscaling: { minReplicas: 5, maxReplicas: 3, cpuUtilization: 70 } }),
    ).toThrow('autoscaling.minReplicas=5 exceeds autoscaling.maxReplicas=3');
  });

  it('when a disruption could take every replica, then synth fails naming both', () => {
    expect(() => synth({ ...mk, replicas: 1 })).toThrow(
      'maxUnavailable=1 would let a disruption take all 1 replicas',
    );
  });

  it('when thresholds or weights are impossible, then synth fails', () => {
    expect(() => synth({ ...mk, analysis: { ...mk.analysis, latencyThresholdSeconds: 0.4 } })).toThrow(
      'not a bucket bound',
    );
    expect(() => synth({ ...mk, canary: { ...mk.canary, weights: [50, 25] } })).toThrow(
      'canary weight 25 must be an integer above 50 and below 100 (weights 50, 25)',
    );
    expect(() => synth({ ...mk, canary: { ...mk.canary, weights: [] } })).toThrow(
      'canary weights must not be empty',
    );
    expect(() => synth({ ...mk, faults: { ...mk.faults, errorRate: 2 } })).toThrow(
      'faults.errorRate must be 0..1, got 2',
    );
    expect(() => synth({ ...mk, shutdown: { ...mk.shutdown, margin: Duration.seconds(0) } })).toThrow(
      'shutdown.margin must be positive',
    );
  });

  it('when config sets a key the chart owns or the app does not know, then synth fails naming it', () => {
    expect(() => synth({ ...mk, config: { FAULT_ERROR_RATE: '0.5' } })).toThrow(
      'config key FAULT_ERROR_RATE="0.5" contradicts the chart, which sets FAULT_ERROR_RATE from its own props',
    );
    expect(() => synth({ ...mk, config: { LOG_LVL: 'debug' } })).toThrow(
      'config key LOG_LVL is not an environment variable of app/config/schema.ts',
    );
  });

  it('when analysis props are impossible, then the analysis constructs refuse them', () => {
    expect(() => synth({ ...mk, analysis: { ...mk.analysis, successRateThreshold: 1.5 } })).toThrow(
      'successRateThreshold must be in (0, 1], got 1.5',
    );
  });

  it('when the fault profile changes, then only the pod template env changes (a new canary)', () => {
    const good = Testing.synth(synth(mk));
    const bad = Testing.synth(synth({ ...mk, faults: { ...mk.faults, errorRate: 0.5 } }));
    const rollout = (ms: typeof good) => ms.find((m) => m.kind === 'Rollout');
    expect(rollout(bad).spec.template.spec.containers[0].env[0]).toEqual({
      name: 'FAULT_ERROR_RATE',
      value: '0.5',
    });
    const strip = (ms: typeof good) => ms.filter((m) => m.kind !== 'Rollout');
    expect(strip(bad)).toEqual(strip(good));
  });

  it('when the grace period is derived, then it is drain + timeout + margin', () => {
    const chart = synth({
      ...mk,
      shutdown: {
        drainDelay: Duration.seconds(7),
        timeout: Duration.seconds(20),
        margin: Duration.seconds(3),
      },
    });
    expect(chart.terminationGracePeriod.toSeconds()).toBe(30);
    expect(chart.rollout.apiObject.toJson().spec.template.spec.terminationGracePeriodSeconds).toBe(30);
  });

  it('when a dashboard file name is not kebab-case json, then synth fails', () => {
    expect(() => synth({ ...mk, dashboards: [{ fileName: 'Canary.JSON', json: '{}' }] })).toThrow(
      'dashboard file name Canary.JSON must be lower-case kebab-case ending in .json',
    );
  });
});
