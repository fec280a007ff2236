import { describe, expect, it } from 'vitest';
import {
  alertRuleGroups,
  CANARY_QUERIES,
  DASHBOARD_SCOPE,
  DEPENDENCY_QUERIES,
  dashboardQueries,
  errorBudget,
  errorRatioBy,
  histogramQuantile,
  interpolate,
  labelValues,
  latencyQuantile,
  percentileName,
  RATE_INTERVAL,
  rateBy,
  shareBy,
  successRatioBy,
  syntaxErrors,
  VARIABLE_QUERIES,
} from '../../rollouts/promql/index.js';
import { allCommittedQueries, GRAFANA_SAMPLE_VALUES, substituteArgs } from './committed-queries.js';

describe('every shipped expression parses', () => {
  for (const q of allCommittedQueries()) {
    it(`when ${q.source} is parsed with lezer-promql, then it has no syntax error`, () => {
      expect(syntaxErrors(q.expr)).toEqual([]);
    });
  }

  it('when a dashboard expression is parsed without interpolation, then Grafana range variables are errors', () => {
    expect(syntaxErrors(CANARY_QUERIES.requestRate.expr)).not.toEqual([]);
    expect(syntaxErrors(interpolate(CANARY_QUERIES.requestRate.expr, GRAFANA_SAMPLE_VALUES))).toEqual([]);
  });

  it('when every catalogue dashboard query is interpolated, then each parses', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries)
      expect(syntaxErrors(interpolate(q.expr, GRAFANA_SAMPLE_VALUES)), q.expr).toEqual([]);
  });
});

describe('Grafana variables in the catalogue', () => {
  it('when variables are interpolated, then bare, braced and built-in variables are replaced like Grafana does', () => {
    expect(interpolate(`x{a="$namespace",b="$\{service}"}[$__rate_interval]`, GRAFANA_SAMPLE_VALUES)).toBe(
      'x{a="canary-lab",b="sample-api-metrics"}[1m]',
    );
  });

  it('when a variable has no value, then interpolation names it', () => {
    expect(() => interpolate('x{a="$pod"}', {})).toThrow('no value for Grafana variable $pod in x{a="$pod"}');
  });

  it('when the variable queries are built, then the service list is scoped to the chosen namespace', () => {
    expect(labelValues(VARIABLE_QUERIES.namespace)).toBe('label_values(app_info, namespace)');
    expect(labelValues(VARIABLE_QUERIES.service)).toBe(
      'label_values(app_info{namespace="$namespace"}, service)',
    );
  });

  it('when Argo args are substituted, then a missing one is an error', () => {
    expect(substituteArgs('x{a="{{args.namespace}}"}', { namespace: 'n' })).toBe('x{a="n"}');
    expect(() => substituteArgs('{{args.nope}}', {})).toThrow('no value for {{args.nope}}');
  });
});

describe('grouped RED expressions', () => {
  const q = { ...DASHBOARD_SCOPE, window: RATE_INTERVAL };

  it('when a grouped ratio is built, then a group with only failures falls back to 0 * its denominator', () => {
    const expr = successRatioBy(q, ['role']);
    expect(expr).toMatch(
      /^\(sum by \(role\)\(rate\(http_requests_total\{.*status_code!~"5.."\}.*\) or 0 \* sum by \(role\)/,
    );
    expect(errorRatioBy(q, ['role'])).toContain('status_code=~"5.."');
  });

  it('when a grouped ratio has nothing to group by, then it is refused (use the ungrouped, vector(0)-guarded form)', () => {
    expect(() => successRatioBy(q, [])).toThrow('at least one label');
  });

  it('when latency is grouped, then le comes first and the ungrouped form is unchanged', () => {
    expect(latencyQuantile({ ...q, quantile: 0.99 }, ['role', 'pod'])).toContain(
      'sum by (le, role, pod) (rate(',
    );
    expect(latencyQuantile({ ...q, quantile: 0.99 })).toContain('sum by (le) (rate(');
    expect(percentileName(0.995)).toBe('p99.5');
  });
});

describe('alert rules', () => {
  const options = {
    namespace: 'ns',
    service: 'svc',
    successRateThreshold: 0.99,
    latencyQuantile: 0.99,
    latencyThresholdSeconds: 1,
  };
  const rules = alertRuleGroups(options).flatMap((g) => g.rules);

  it('when built, then the four alerts each have for, a severity and runbook text', () => {
    expect(rules.map((r) => r.alert)).toEqual([
      'SampleApiHighErrorRatio',
      'SampleApiHighLatency',
      'SampleApiTargetDown',
      'SampleApiRestarting',
    ]);
    for (const r of rules) {
      expect(r.for).toMatch(/^\d+m$/);
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(r.annotations.runbook.length).toBeGreaterThan(40);
      expect(syntaxErrors(r.expr)).toEqual([]);
    }
  });

  it('when the analysis threshold is 0.99, then the error alert fires above 0.01 and the latency alert judges p99 over 1s', () => {
    expect(rules[0]!.expr).toMatch(/\) > 0\.01$/);
    expect(rules[0]!.annotations.summary).toContain('more than 1% 5xx');
    expect(rules[1]!.expr).toMatch(/^histogram_quantile\(0\.99, .*\) > 1$/);
    expect(rules[1]!.annotations.summary).toContain('p99 latency above 1s');
  });

  it('when the error budget is computed, then it is a plain decimal and out-of-range thresholds are refused', () => {
    expect(errorBudget(0.95)).toBe(0.05);
    expect(errorBudget(0.999)).toBe(0.001);
    expect(errorBudget(1)).toBe(0);
    expect(() => errorBudget(0)).toThrow('successRateThreshold must be in (0, 1], got 0');
  });
});

describe('dependency expressions', () => {
  const q = { ...DASHBOARD_SCOPE, window: RATE_INTERVAL };

  it('when a quantile is out of range or a share has nothing to group by, then it is refused', () => {
    expect(() => histogramQuantile({ ...q, quantile: 1 }, 'db_query_duration_seconds', [])).toThrow(
      'quantile must be between 0 and 1, got 1',
    );
    expect(() => shareBy(q, 'upstream_requests_total', [], 'outcome="timeout"')).toThrow(
      'at least one label',
    );
  });

  it('when a rate is ungrouped, then it sums without a by clause and still parses', () => {
    const expr = rateBy(q, 'items_created_total', []);
    expect(expr).toMatch(/^sum \(rate\(items_created_total\{/);
    expect(syntaxErrors(interpolate(expr, GRAFANA_SAMPLE_VALUES))).toEqual([]);
  });

  it('when the catalogue dashboard queries are listed, then the dependencies panels are among them', () => {
    const exprs = dashboardQueries().map((x) => x.expr);
    expect(exprs).toContain(DEPENDENCY_QUERIES.breakerState.expr);
    expect(exprs).toContain(DEPENDENCY_QUERIES.registryChecks.expr);
  });
});
