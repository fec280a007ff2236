import { describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../infra/charts.js';
import { minikubePreset, productionPreset } from '../../infra/presets.js';
import { parseCondition } from '../../rollouts/rehearsal/condition-parser.js';
import { parseGoDuration } from '../../rollouts/rehearsal/go-duration.js';
import {
  buildPlan,
  planFromManifests,
  renderQuery,
  resolveArgs,
  thresholdOf,
} from '../../rollouts/rehearsal/plan.js';

describe('buildPlan reads the synthesized chart', () => {
  it('when the minikube chart is replayed, then its weights, pauses and templates are the steps', () => {
    const preset = minikubePreset();
    const plan = buildPlan();
    expect(plan.chartId).toBe(CHART_IDS.minikube);
    expect(plan.namespace).toBe(preset.namespace);
    expect(plan.trafficPaths).toEqual(preset.loadGenerator.paths);
    const weights = plan.steps.flatMap((s) => (s.kind === 'setWeight' ? [s.weight] : []));
    expect(weights).toEqual(preset.canary.weights);
    const pauses = plan.steps.flatMap((s) => (s.kind === 'pause' ? [s.durationMs] : []));
    expect(pauses).toEqual(
      preset.canary.weights.map(() => preset.canary.pauseBeforeAnalysis.toMilliseconds()),
    );
    expect(plan.steps.map((s) => s.kind)).toEqual(
      preset.canary.weights.flatMap(() => ['setWeight', 'pause', 'analysis']),
    );
  });

  it('when an analysis step is planned, then each metric carries the template query, policy and thresholds', () => {
    const { analysis } = minikubePreset();
    const step = buildPlan().steps.find((s) => s.kind === 'analysis');
    if (step?.kind !== 'analysis') throw new Error('no analysis step');
    expect(step.metrics.map((m) => `${m.template}/${m.name}`)).toEqual([
      'sample-api-success-rate/success-rate',
      'sample-api-latency/latency-p95',
    ]);
    const [success, latency] = step.metrics;
    expect(success?.queryTemplate).toContain('rollouts_pod_template_hash="{{args.canary-hash}}"');
    expect(success?.threshold).toBe(analysis.successRateThreshold);
    expect(latency?.threshold).toBe(analysis.latencyThresholdSeconds);
    expect(success).toMatchObject({
      intervalMs: analysis.policy.interval.toMilliseconds(),
      initialDelayMs: analysis.policy.initialDelay.toMilliseconds(),
      limits: {
        count: analysis.policy.count,
        failureLimit: analysis.policy.failureLimit,
        inconclusiveLimit: analysis.policy.inconclusiveLimit,
        consecutiveErrorLimit: analysis.policy.consecutiveErrorLimit,
      },
    });
  });

  it('when the production chart is replayed, then its own three weights are used', () => {
    const plan = buildPlan(CHART_IDS.production);
    const weights = plan.steps.flatMap((s) => (s.kind === 'setWeight' ? [s.weight] : []));
    expect(weights).toEqual(productionPreset().canary.weights);
  });

  it('when the chart id is unknown, then the error lists the known ones', () => {
    expect(() => buildPlan('nope')).toThrow(/unknown chart "nope" \(one of sample-api-minikube/);
  });
});

describe('resolveArgs and renderQuery', () => {
  const args = [
    { name: 'service-name', value: 'svc' },
    { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' as const } },
    { name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' as const } },
  ];

  it('when args are literal or podTemplateHashValue, then they resolve like the controller does', () => {
    expect(resolveArgs(args, { latest: 'new', stable: 'old' })).toEqual({
      'service-name': 'svc',
      'canary-hash': 'new',
      'stable-hash': 'old',
    });
    expect(() => resolveArgs([{ name: 'x' }], { latest: 'a', stable: 'b' })).toThrow(
      'argument x has neither a value nor a podTemplateHashValue',
    );
  });

  it('when a query has placeholders, then each is substituted, and a missing one is an error', () => {
    expect(
      renderQuery('up{a="{{args.service-name}}",b="{{ args.canary-hash }}"}', {
        'service-name': 's',
        'canary-hash': 'h',
      }),
    ).toBe('up{a="s",b="h"}');
    expect(() => renderQuery('{{args.missing}}', {})).toThrow(
      'query uses {{args.missing}}, which the Rollout does not pass',
    );
  });
});

describe('thresholdOf and parseGoDuration', () => {
  it('when a condition compares result with a number, then that number is the threshold', () => {
    expect(thresholdOf(parseCondition('len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.95'))).toBe(
      0.95,
    );
    expect(thresholdOf(parseCondition('0.5 > result'))).toBe(0.5);
    expect(thresholdOf(parseCondition('!(result[0] < 2)'))).toBe(2);
    expect(thresholdOf(parseCondition('len(result) > 0'))).toBeUndefined();
    expect(thresholdOf(parseCondition('true'))).toBeUndefined();
    expect(thresholdOf(undefined)).toBeUndefined();
  });

  it('when Argo durations are read, then they become milliseconds', () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(() => parseGoDuration('30')).toThrow('invalid duration "30"');
    expect(() => parseGoDuration('1x')).toThrow('invalid duration');
  });
});

describe('planFromManifests rejects what cannot be rehearsed', () => {
  const template = (metric: Record<string, unknown>) => ({
    kind: 'AnalysisTemplate',
    metadata: { name: 't' },
    spec: { metrics: [{ name: 'm', count: 1, provider: { prometheus: { query: 'vector(1)' } }, ...metric }] },
  });
  const rollout = (steps: unknown[]) => ({
    kind: 'Rollout',
    metadata: { namespace: 'ns' },
    spec: { strategy: { canary: { steps } } },
  });
  const analysis = { analysis: { templates: [{ templateName: 't' }] } };
  const plan = (objects: object[]) => planFromManifests('c', objects, ['/a']);

  it('when a metric leaves out limits and conditions, then Argo defaults apply and no threshold is drawn', () => {
    const step = plan([rollout([analysis]), template({})]).steps[0];
    expect(step).toMatchObject({ kind: 'analysis', args: [] });
    if (step?.kind !== 'analysis') throw new Error('not an analysis');
    expect(step.metrics[0]).toMatchObject({
      intervalMs: 0,
      initialDelayMs: 0,
      limits: { count: 1, failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
      conditions: {},
      threshold: undefined,
    });
  });

  it.each([
    [
      [rollout([analysis]), template({ provider: { web: { url: 'x' } } })],
      't/m: only Prometheus metrics can be rehearsed',
    ],
    [[rollout([analysis]), template({ count: undefined })], 't/m: a metric without count never completes'],
    [[rollout([analysis])], 'analysis step references unknown template t'],
    [[rollout([{ pause: {} }])], 'an indefinite pause waits for a human: it cannot be rehearsed'],
    [
      [rollout([{ setCanaryScale: { replicas: 1 } }])],
      'unsupported canary step {"setCanaryScale":{"replicas":1}}',
    ],
    [[template({})], 'chart c has no Rollout'],
    [
      [rollout([analysis]), template({ successCondition: 'result.x > 1' })],
      'property access (.) at position 6',
    ],
  ])('when the manifests hold %#, then it fails with %s', (objects, message) => {
    expect(() => plan(objects as object[])).toThrow(message);
  });
});
