import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bundleDefaults, RULES_FILE } from '../../grafana/artifacts.js';
import type { GuardedConditions } from '../../rollouts/conditions.js';
import { find, synthAll } from '../infra/manifests.js';
import { evaluate } from '../rollouts/expr-eval.js';
import { substituteArgs } from './committed-queries.js';
import { promtool, SKIP_REASON } from './promtool.js';
import { latencyBuckets, quantileInBucket, requests, series } from './promtool-cases.js';
import { scrapeRealApp } from './scrape.js';

const dir = mkdtempSync(join(tmpdir(), 'promtool-tests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const defaults = bundleDefaults();
const scope = { namespace: defaults.namespace, service: defaults.metricsService };
const canary = { ...scope, rollouts_pod_template_hash: 'abc123', role: 'canary' };
const stable = { ...scope, rollouts_pod_template_hash: 'def456', role: 'stable' };

/** Writes a promtool unit-test file next to the rules and runs it. */
function testRules(name: string, tests: unknown[], ruleFiles = [resolve(RULES_FILE)]) {
  const file = join(dir, `${name}.test.yaml`);
  writeFileSync(
    file,
    stringify({ rule_files: ruleFiles, evaluation_interval: '1m', tests }, { lineWidth: 0 }),
  );
  return promtool(['test', 'rules', file]);
}

describe.skipIf(SKIP_REASON)('promtool check', () => {
  it('when the plain rules file is checked, then promtool accepts all four rules', () => {
    const { status, output } = promtool(['check', 'rules', RULES_FILE]);
    expect(output).toContain('SUCCESS: 4 rules found');
    expect(status).toBe(0);
  });

  it('when every chart PrometheusRule is written as a rules file, then promtool accepts it too', () => {
    for (const { chart, manifests } of synthAll()) {
      const file = join(dir, `${chart.node.id}.rules.yaml`);
      writeFileSync(file, stringify({ groups: find(manifests, 'PrometheusRule').spec.groups }));
      expect(promtool(['check', 'rules', file]).status, chart.node.id).toBe(0);
    }
  });

  it('when a rule is broken, then promtool check rules fails (the check can fail)', () => {
    const file = join(dir, 'broken.rules.yaml');
    writeFileSync(file, stringify({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(' }] }] }));
    expect(promtool(['check', 'rules', file]).status).not.toBe(0);
  });

  it("when the app's /metrics is piped in, then only prom-client's own default-metric names draw lint remarks", async () => {
    const { status, output } = promtool(['check', 'metrics'], await scrapeRealApp());
    // Exit 3 is "lint problems", 1 would be an unparsable exposition. The three
    // remarks are prom-client's gauges named *_total (not ours to rename).
    expect(status).toBe(3);
    expect(output.trim().split('\n').sort()).toEqual([
      'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
    ]);
  });
});

const rules = new Map(defaults.alertGroups.flatMap((g) => g.rules.map((r) => [r.alert, r])));

/**
 * The annotations promtool should see: the rule's templates with the labels
 * filled in and `$value` as the test states it, already humanized (e.g. "10%").
 */
function expectedAlert(alert: string, labels: Record<string, string>, value: string) {
  const rule = rules.get(alert)!;
  const render = (text: string) =>
    text
      .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_m, name: string) => labels[name] ?? '')
      .replace(/\{\{ \$value( \| \w+)? \}\}/g, value);
  return {
    exp_labels: { ...rule.labels, ...labels },
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v)])),
  };
}

describe.skipIf(SKIP_REASON)('promtool test rules: every alert fires when it should and only then', () => {
  it('when the canary answers 10% 5xx, then HighErrorRatio fires for the canary after 5m, never for stable', () => {
    const result = testRules('error-ratio', [
      {
        interval: '1m',
        input_series: [
          requests(canary, 200, '0+90x30'),
          requests(canary, 500, '0+10x30'),
          requests(stable, 200, '0+100x30'),
          // Failing probes are not business traffic and must not count.
          requests(stable, 503, '0+1000x30', '/health/ready'),
        ],
        alert_rule_test: [
          { eval_time: '4m', alertname: 'SampleApiHighErrorRatio', exp_alerts: [] },
          {
            eval_time: '15m',
            alertname: 'SampleApiHighErrorRatio',
            exp_alerts: [expectedAlert('SampleApiHighErrorRatio', { ...scope, role: 'canary' }, '10%')],
          },
        ],
      },
      {
        interval: '1m',
        input_series: [requests(canary, 200, '0+98x30'), requests(canary, 500, '0+2x30')],
        alert_rule_test: [{ eval_time: '20m', alertname: 'SampleApiHighErrorRatio', exp_alerts: [] }],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('when the canary p95 sits between 0.75s and 1s, then HighLatency fires after 10m; fast stable never does', () => {
    const result = testRules('latency', [
      {
        interval: '1m',
        input_series: [...latencyBuckets(canary, 1, 100, 30), ...latencyBuckets(stable, 0.1, 100, 30)],
        alert_rule_test: [
          { eval_time: '9m', alertname: 'SampleApiHighLatency', exp_alerts: [] },
          {
            eval_time: '20m',
            alertname: 'SampleApiHighLatency',
            exp_alerts: [expectedAlert('SampleApiHighLatency', { ...scope, role: 'canary' }, '987.5ms')],
          },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('when a target stops answering scrapes, then TargetDown fires after 2m for that target only', () => {
    const down = { ...scope, job: 'sample-api', instance: '10.0.0.1:8080', pod: 'sample-api-abc123-x' };
    const upTarget = { ...down, instance: '10.0.0.2:8080', pod: 'sample-api-abc123-y' };
    const result = testRules('target-down', [
      {
        interval: '1m',
        input_series: [series('up', down, '1 1 1 0 0 0 0 0 0 0'), series('up', upTarget, '1x10')],
        alert_rule_test: [
          { eval_time: '4m', alertname: 'SampleApiTargetDown', exp_alerts: [] },
          {
            eval_time: '6m',
            alertname: 'SampleApiTargetDown',
            exp_alerts: [expectedAlert('SampleApiTargetDown', down, '0')],
          },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('when a pod restarts twice within 15m, then Restarting fires; a single restart does not', () => {
    const looping = { ...canary, pod: 'sample-api-abc123-x' };
    const once = { ...stable, pod: 'sample-api-def456-y' };
    const result = testRules('restarts', [
      {
        interval: '1m',
        input_series: [
          series('process_start_time_seconds', looping, '100 100 220 220 340 340 340 340 340 340'),
          series('process_start_time_seconds', once, '50 50 50 170 170 170 170 170 170 170'),
        ],
        alert_rule_test: [
          { eval_time: '3m', alertname: 'SampleApiRestarting', exp_alerts: [] },
          {
            eval_time: '8m',
            alertname: 'SampleApiRestarting',
            exp_alerts: [
              expectedAlert('SampleApiRestarting', { ...scope, role: 'canary', pod: looping.pod }, '2'),
            ],
          },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('when an expectation is wrong, then promtool test rules fails and names the alert (the harness can fail)', () => {
    const result = testRules('wrong', [
      {
        interval: '1m',
        input_series: [requests(canary, 200, '0+100x30')],
        alert_rule_test: [
          {
            eval_time: '15m',
            alertname: 'SampleApiHighErrorRatio',
            exp_alerts: [expectedAlert('SampleApiHighErrorRatio', { ...scope, role: 'canary' }, '10%')],
          },
        ],
      },
    ]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('SampleApiHighErrorRatio');
  });
});

type Verdict = 'Successful' | 'Failed' | 'Inconclusive';

/** Argo's reading of a guarded pair: failure wins, then success, else Inconclusive. */
function verdict(conditions: GuardedConditions, result: number[]): Verdict {
  if (evaluate(conditions.failureCondition, result)) return 'Failed';
  if (evaluate(conditions.successCondition, result)) return 'Successful';
  return 'Inconclusive';
}

describe.skipIf(SKIP_REASON)('promtool test rules: the AnalysisTemplate queries on synthetic series', () => {
  const minikube = synthAll().find((c) => c.chart.node.id === 'sample-api-minikube')!;
  const template = (name: string) => {
    const metric = find(minikube.manifests, 'AnalysisTemplate', name).spec.metrics[0];
    const args = {
      namespace: scope.namespace,
      'service-name': scope.service,
      'canary-hash': canary.rollouts_pod_template_hash,
    };
    return {
      query: substituteArgs(metric.provider.prometheus.query, args) as string,
      conditions: metric as GuardedConditions,
    };
  };
  const success = template('sample-api-success-rate');
  const latency = template('sample-api-latency');
  const quantile = minikube.chart.props.analysis.latencyQuantile;
  // Stable pods failing half their requests must not move the canary's numbers.
  const noisyStable = [requests(stable, 200, '0+50x40'), requests(stable, 500, '0+50x40')];

  /** One promtool test group judging the analysis queries over `input` at 5m (15s scrapes). */
  type ExprCheck = { expr: string; value: number | undefined };
  const group = (input: unknown[], exprs: ExprCheck[]) => ({
    interval: '15s',
    input_series: [...noisyStable, ...input],
    promql_expr_test: exprs.map(({ expr, value }) => ({
      expr,
      eval_time: '5m',
      exp_samples: value === undefined ? [] : [{ labels: '{}', value }],
    })),
  });
  const rounded = (q: string) => `round(${q}, 0.0001)`;
  const isNaNExpr = (q: string) => `(${q}) != bool (${q})`;

  const cases: {
    name: string;
    input: unknown[];
    success: number[];
    latency: number[];
    verdicts: [Verdict, Verdict];
  }[] = [
    {
      name: 'healthy canary',
      input: [requests(canary, 200, '0+25x40'), ...latencyBuckets(canary, 0.1, 25, 40)],
      success: [1],
      latency: [quantileInBucket(quantile, 0.05, 0.1)],
      verdicts: ['Successful', 'Successful'],
    },
    {
      name: 'canary with 10% errors and slow answers',
      input: [
        requests(canary, 200, '0+45x40'),
        requests(canary, 500, '0+5x40'),
        ...latencyBuckets(canary, 1, 25, 40),
      ],
      success: [0.9],
      latency: [quantileInBucket(quantile, 0.75, 1)],
      verdicts: ['Failed', 'Failed'],
    },
    {
      name: 'canary with no traffic (counters flat: 0/0)',
      input: [requests(canary, 200, '7+0x40'), ...latencyBuckets(canary, 0.1, 0, 40)],
      success: [Number.NaN],
      latency: [Number.NaN],
      verdicts: ['Inconclusive', 'Inconclusive'],
    },
    {
      name: 'canary not scraped yet (no series)',
      input: [],
      success: [],
      latency: [],
      verdicts: ['Inconclusive', 'Inconclusive'],
    },
  ];

  for (const c of cases) {
    it(`when the ${c.name} is measured, then Prometheus returns ${JSON.stringify(c.success)} / ${JSON.stringify(c.latency)} and Argo would judge ${c.verdicts.join(' / ')}`, () => {
      const check = (query: string, result: number[]): ExprCheck => {
        const [value] = result;
        if (value === undefined) return { expr: query, value: undefined };
        if (Number.isNaN(value)) return { expr: isNaNExpr(query), value: 1 };
        return { expr: rounded(query), value };
      };
      const exprs = [check(success.query, c.success), check(latency.query, c.latency)];
      const run = testRules(`analysis-${c.name.replace(/\W+/g, '-')}`, [group(c.input, exprs)], []);
      expect(run.output).toContain('SUCCESS');
      expect(run.status).toBe(0);
      expect([verdict(success.conditions, c.success), verdict(latency.conditions, c.latency)]).toEqual(
        c.verdicts,
      );
    });
  }
});
