import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { isBusinessRoute } from '../../app/http/infra-paths.js';
import {
  APP_METRICS,
  assertBucketBound,
  BUSINESS_ROUTE_REGEX,
  durationString,
  errorRatio,
  exportedSeriesNames,
  isExportedSeries,
  LATENCY_BUCKETS_SECONDS,
  latencyQuantile,
  matchers,
  quote,
  requestRate,
  selectedMetricNames,
  successRatio,
  syntaxErrors,
} from '../../rollouts/promql/index.js';

const scope = {
  namespace: '{{args.namespace}}',
  service: 'sample-api-metrics',
  podTemplateHash: '{{args.canary-hash}}',
  window: '2m',
};

/** Every expression the catalogue builds, in each of its variants. */
const catalogue: Record<string, string> = {
  successRatio: successRatio(scope),
  errorRatio: errorRatio({ ...scope, role: 'canary' }),
  requestRate: requestRate({ ...scope, businessRoutesOnly: false }, ['route', 'status_code']),
  p95: latencyQuantile({ ...scope, quantile: 0.95 }),
  p99: latencyQuantile({ ...scope, quantile: 0.99 }),
};

describe('the PromQL catalogue', () => {
  for (const [name, expr] of Object.entries(catalogue)) {
    it(`when ${name} is built, then it parses and selects only metrics the app exports`, () => {
      expect(syntaxErrors(expr)).toEqual([]);
      const used = selectedMetricNames(expr);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((m) => !isExportedSeries(m))).toEqual([]);
    });
  }

  it('when an expression is malformed, then the syntax check reports where', () => {
    expect(syntaxErrors('sum(rate(http_requests_total[5m])')).not.toEqual([]);
    expect(selectedMetricNames('rate(foo_total[1m]) / on() bar')).toEqual(['foo_total', 'bar']);
  });

  it('when a metric name is not exported, then the catalogue check rejects it', () => {
    expect(isExportedSeries('http_requests_totals')).toBe(false);
    expect(isExportedSeries('http_request_duration_seconds_bucket')).toBe(true);
    expect(isExportedSeries('nodejs_heap_size_used_bytes')).toBe(true);
    expect(exportedSeriesNames().size).toBe(APP_METRICS.length + 2 * 3);
  });

  it('when the success ratio is built, then its 2xx-only numerator is guarded against having no series', () => {
    expect(catalogue.successRatio).toMatch(
      /^\(sum\(rate\(http_requests_total\{.*status_code!~"5.."\}\[2m\]\)\) or vector\(0\)\) \/ sum\(/,
    );
    expect(catalogue.errorRatio).toContain('status_code=~"5.."}[2m])) or vector(0))');
  });

  it('when latency is built, then le stays in the by clause and the quantile is checked', () => {
    expect(catalogue.p95).toContain('sum by (le) (rate(http_request_duration_seconds_bucket{');
    expect(() => latencyQuantile({ ...scope, quantile: 95 })).toThrow(
      'quantile must be between 0 and 1, got 95',
    );
  });

  it('when canary pods are measured, then the hash, namespace, service and business routes are all matched', () => {
    expect(matchers(scope)).toBe(
      '{namespace="{{args.namespace}}",service="sample-api-metrics",rollouts_pod_template_hash="{{args.canary-hash}}",route=~"/(api|demo)/.*"}',
    );
    expect(matchers({ namespace: 'a', service: 'b', businessRoutesOnly: false })).toBe(
      '{namespace="a",service="b"}',
    );
  });

  it('when a label value has quotes or backslashes, then it is escaped', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('when routes are classified, then the business-route regex agrees with the app', () => {
    const anchored = new RegExp(`^(?:${BUSINESS_ROUTE_REGEX})$`);
    for (const route of [
      '/api/info',
      '/api/version',
      '/demo/error',
      '/demo/status/:code',
      '/health/ready',
      '/metrics',
      '/docs',
      'unmatched',
      '/apix',
    ]) {
      expect(anchored.test(route), route).toBe(isBusinessRoute(route));
    }
  });

  it('when a latency threshold is off the bucket bounds, then it is rejected with the bounds', () => {
    for (const b of LATENCY_BUCKETS_SECONDS) expect(() => assertBucketBound(b)).not.toThrow();
    expect(() => assertBucketBound(0.4)).toThrow(/0\.4s is not a bucket bound .*0\.3, 0\.5/);
  });

  it('when durations are formatted, then whole units are used and sub-second ones refused', () => {
    expect(durationString(Duration.seconds(90))).toBe('90s');
    expect(durationString(Duration.minutes(2))).toBe('2m');
    expect(durationString(Duration.hours(1))).toBe('1h');
    expect(() => durationString(Duration.millis(1500))).toThrow(
      'positive whole number of seconds, got 1500ms',
    );
  });
});
