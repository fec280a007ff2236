import { describe, expect, it } from 'vitest';
import {
  APP_METRICS,
  DEPENDENCY_METRICS,
  exportedSeriesNames,
  PROMETHEUS_SERIES,
  RUNTIME_METRICS,
  selectedMetricNames,
} from '../../rollouts/promql/index.js';
import { allCommittedQueries } from './committed-queries.js';
import { declaredFamilies, sampledSeries, scrapeRealApp } from './scrape.js';
import { scrapeDependencyApps } from './scrape-dependencies.js';

// The API role plain, then with a database, an upstream and as the registry: a dashboard
// query passes when some real process the bundle runs exports every series it selects.
const exposition = `${await scrapeRealApp()}\n${await scrapeDependencyApps()}`;
const sampled = sampledSeries(exposition);
const queries = allCommittedQueries();

/** Names a query selects that the real app did not export (Prometheus' own `up` allowed, by name). */
function missing(expr: string, exported: ReadonlySet<string>): string[] {
  return selectedMetricNames(expr).filter(
    (name) => !exported.has(name) && !(PROMETHEUS_SERIES as readonly string[]).includes(name),
  );
}

describe('every metric name a query uses is exported by the real app', () => {
  it('when the committed artifacts are read, then dashboards, rules and AnalysisTemplates all contribute queries', () => {
    const sources = queries.map((q) => q.source);
    for (const part of [
      'canary-vs-stable.json',
      'service-runtime.json',
      'dependencies.json',
      'sample-api.rules.yaml',
      'AnalysisTemplate',
      'PrometheusRule',
    ])
      expect(
        sources.some((s) => s.includes(part)),
        part,
      ).toBe(true);
    expect(queries.length).toBeGreaterThan(40);
  });

  for (const q of queries) {
    it(`when ${q.source} is checked against /metrics, then each series it selects has samples`, () => {
      expect(selectedMetricNames(q.expr).length).toBeGreaterThan(0);
      expect(missing(q.expr, sampled)).toEqual([]);
    });
  }

  it('when a query names a metric the app does not export, then the check reports it', () => {
    expect(missing('rate(http_requests_totals[1m]) + up', sampled)).toEqual(['http_requests_totals']);
    expect(missing('kube_pod_container_status_restarts_total', sampled)).toEqual([
      'kube_pod_container_status_restarts_total',
    ]);
  });

  it('when the API runs without a database or upstreams, then the dependencies dashboard would have no data, which the check catches', async () => {
    const plain = sampledSeries(await scrapeRealApp());
    const deps = queries.filter((q) => q.source.startsWith('dependencies.json: '));
    const absent = new Set(deps.flatMap((q) => missing(q.expr, plain)));
    for (const name of [
      'db_query_duration_seconds_bucket',
      'db_pool_requests_waiting',
      'circuit_breaker_state',
    ])
      expect(absent).toContain(name);
  });

  it('when default metrics are off, then the runtime dashboard would have no data, which the check catches', async () => {
    const { testApp } = await import('../support/app-deps.js');
    const { default: request } = await import('supertest');
    const lean = sampledSeries((await request(testApp().app).get('/metrics')).text);
    const runtime = queries.filter((q) => q.source.startsWith('service-runtime.json: Event-loop lag'));
    expect(runtime.flatMap((q) => missing(q.expr, lean))).toContain('nodejs_eventloop_lag_p99_seconds');
  });
});

describe('the catalogue list of metrics matches the real app', () => {
  const families = declaredFamilies(exposition);

  for (const metric of [...APP_METRICS, ...RUNTIME_METRICS, ...DEPENDENCY_METRICS]) {
    it(`when ${metric.name} is listed as a ${metric.type}, then the app declares it so`, () => {
      expect(families.get(metric.name)).toBe(metric.type);
    });
  }

  it('when histogram suffixes are expanded, then every listed series of the app has samples', () => {
    expect(
      [...exportedSeriesNames([...APP_METRICS, ...RUNTIME_METRICS, ...DEPENDENCY_METRICS])].filter(
        (s) => !sampled.has(s),
      ),
    ).toEqual([]);
  });
});
