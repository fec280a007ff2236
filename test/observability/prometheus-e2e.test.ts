import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app.js';
import { createMetrics } from '../../app/metrics.js';
import { bundleDefaults, RULES_FILE } from '../../grafana/artifacts.js';
import type { GuardedConditions } from '../../rollouts/conditions.js';
import { CANARY_QUERIES, interpolate, RUNTIME_QUERIES } from '../../rollouts/promql/index.js';
import { type RunningPrometheus, startPrometheus } from '../../rollouts/rehearsal/prometheus-process.js';
import { instantQuery, type Sample } from '../../rollouts/rehearsal/prometheus-query.js';
import { find, synthAll } from '../infra/manifests.js';
import { evaluate } from '../rollouts/expr-eval.js';
import { testDeps } from '../support/app-deps.js';
import { substituteArgs } from './committed-queries.js';
import { PROMETHEUS_BIN, SKIP_REASON } from './promtool.js';
import { churnHeap } from './scrape.js';

const defaults = bundleDefaults();
const scope = { namespace: defaults.namespace, service: defaults.metricsService };
const HASH = { canary: 'c4n4ry', stable: 'st4b1e' } as const;
const VERSION = { canary: '2.0.0', stable: '1.0.0' } as const;
type Role = keyof typeof HASH;

interface RunningApp {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The real app (createApp, real metrics registry with default metrics) of one
 * role and version, listening on loopback. Built rather than started with
 * startService: the api role there opens the embedded PostgreSQL first, which
 * takes seconds and plays no part in what Prometheus scrapes here.
 */
async function startApp(role: Role): Promise<RunningApp> {
  const base = testDeps({ env: { LOG_LEVEL: 'error', METRICS_DEFAULT_METRICS: 'true' } });
  const buildInfo = { ...base.buildInfo, version: VERSION[role], commit: `${role}-commit` };
  const metrics = createMetrics({
    version: buildInfo.version,
    commit: buildInfo.commit,
    defaultMetrics: true,
    faults: base.faults,
  });
  const server: Server = createServer(createApp({ ...base, buildInfo, metrics }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

async function hit(port: number, path: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function vector(prometheus: RunningPrometheus, expr: string): Promise<readonly Sample[]> {
  const result = await instantQuery(prometheus.url, expr);
  if (result.type !== 'vector') throw new Error(`expected a vector from ${expr}`);
  return result.samples;
}

/** The one sample of each role, by role. */
const byRole = (samples: readonly Sample[]) =>
  Object.fromEntries(samples.map((s) => [s.labels.role, s.value]));

describe.skipIf(SKIP_REASON)(
  `end to end: ${PROMETHEUS_BIN} scrapes a canary and a stable app on loopback`,
  () => {
    const apps: Partial<Record<Role, RunningApp>> = {};
    let prometheus: RunningPrometheus;
    let windowSeconds = 0;
    const measured: Record<string, unknown> = {};

    beforeAll(async () => {
      apps.canary = await startApp('canary');
      apps.stable = await startApp('stable');
      // Both apps share this process: one collection gives both a GC series to scrape.
      await churnHeap();
      prometheus = await startPrometheus({
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        ruleFiles: [join(process.cwd(), RULES_FILE)],
        targets: (['canary', 'stable'] as const).map((role) => ({
          address: `127.0.0.1:${apps[role]!.port}`,
          labels: {
            ...scope,
            role,
            rollouts_pod_template_hash: HASH[role],
            pod: `sample-api-${HASH[role]}-0`,
          },
        })),
      });
      // Warm-up creates every series before the measured traffic (a counter first seen at 90 has no
      // increase). It is in the same 9:1 proportion as the scripted traffic, so Prometheus'
      // extrapolation at the window's edges scales the ok and error counters alike.
      await hit(apps.canary.port, '/api/info', 9);
      await hit(apps.canary.port, '/demo/status/500', 1);
      await hit(apps.stable.port, '/api/info', 10);
      const warmedUp = Date.now();
      await until('the warm-up to be scraped', async () => {
        const s = await vector(prometheus, `sum(http_requests_total{route=~"/api/info|/demo/status/:code"})`);
        return s[0]?.value === 20 ? true : undefined;
      });
      // Scripted traffic: canary 81 ok + 9 errors (90 + 10 with the warm-up), stable 90 ok; probes
      // and scrapes on top must not count.
      await hit(apps.canary.port, '/api/info', 81);
      await hit(apps.canary.port, '/demo/status/500', 9);
      await hit(apps.stable.port, '/api/info', 90);
      await hit(apps.canary.port, '/health/ready', 20);
      await until('the scripted traffic to be scraped', async () => {
        const s = await vector(prometheus, `sum(http_requests_total{route=~"/api/info|/demo/status/:code"})`);
        return s[0]?.value === 200 ? true : undefined;
      });
      windowSeconds = Math.ceil((Date.now() - warmedUp) / 1000) + 5;
    }, 40_000);

    afterAll(async () => {
      await prometheus?.stop();
      await Promise.all(Object.values(apps).map((a) => a.stop()));
      if (process.env.E2E_MEASURED_OUT)
        writeFileSync(process.env.E2E_MEASURED_OUT, JSON.stringify(measured, null, 2));
    });

    // The templates' 1m window, widened to cover the warm-up and the scripted traffic.
    const template = (name: string, role: Role) => {
      const minikube = synthAll().find((c) => c.chart.node.id === 'sample-api-minikube')!;
      const metric = find(minikube.manifests, 'AnalysisTemplate', name).spec.metrics[0];
      const args = { namespace: scope.namespace, 'service-name': scope.service, 'canary-hash': HASH[role] };
      const query = substituteArgs(metric.provider.prometheus.query, args).replaceAll(
        '[1m]',
        `[${windowSeconds}s]`,
      );
      return { query, conditions: metric as GuardedConditions };
    };
    const judge = (c: GuardedConditions, result: number[]) =>
      evaluate(c.failureCondition, result)
        ? 'Failed'
        : evaluate(c.successCondition, result)
          ? 'Successful'
          : 'Inconclusive';
    const dashboard = (expr: string) =>
      interpolate(expr, { ...scope, __rate_interval: `${windowSeconds}s`, __range: `${windowSeconds}s` });

    it('when the success-rate AnalysisTemplate query runs for each hash, then the canary measures 0.9 (Failed) and stable 1', async () => {
      const canary = template('sample-api-success-rate', 'canary');
      const [c] = await vector(prometheus, canary.query);
      const [s] = await vector(prometheus, template('sample-api-success-rate', 'stable').query);
      measured.successRatio = { canary: c?.value, stable: s?.value };
      expect(c!.value).toBeCloseTo(0.9, 9);
      expect(s!.value).toBe(1);
      expect(judge(canary.conditions, [c!.value])).toBe('Failed');
    });

    it('when the latency AnalysisTemplate query runs, then the canary p95 is within the fastest buckets (Successful)', async () => {
      const latency = template('sample-api-latency', 'canary');
      const [p95] = await vector(prometheus, latency.query);
      measured.canaryP95Seconds = p95?.value;
      expect(p95!.value).toBeGreaterThan(0);
      expect(p95!.value).toBeLessThanOrEqual(0.1);
      expect(judge(latency.conditions, [p95!.value])).toBe('Successful');
    });

    it('when a hash has no pods, then the analysis query is empty and judged Inconclusive', async () => {
      const ghost = template('sample-api-success-rate', 'canary');
      const samples = await vector(prometheus, ghost.query.replaceAll(HASH.canary, 'n0p0ds'));
      expect(samples).toEqual([]);
      expect(judge(ghost.conditions, [])).toBe('Inconclusive');
    });

    it('when the canary dashboard queries run, then roles, rates, success ratios, versions and latency come back side by side', async () => {
      const success = byRole(await vector(prometheus, dashboard(CANARY_QUERIES.successRatio.expr)));
      const rate = byRole(await vector(prometheus, dashboard(CANARY_QUERIES.requestRate.expr)));
      const versions = await vector(prometheus, dashboard(CANARY_QUERIES.version.expr));
      const p99 = byRole(await vector(prometheus, dashboard(CANARY_QUERIES.latency[2]!.expr)));
      measured.dashboard = { success, rate, p99 };
      expect(success.canary).toBeCloseTo(0.9, 9);
      expect(success.stable).toBe(1);
      // Rates are extrapolated per series (each target is scraped at its own instants): positive, not exact.
      expect(rate.canary).toBeGreaterThan(0);
      expect(rate.stable).toBeGreaterThan(0);
      expect(Object.fromEntries(versions.map((v) => [v.labels.role, v.labels.version]))).toEqual(VERSION);
      expect(p99.canary).toBeGreaterThan(0);
      const [canaryStat] = await vector(prometheus, dashboard(CANARY_QUERIES.canarySuccessRatio.expr));
      expect(canaryStat!.value).toBeCloseTo(0.9, 9);
    });

    it('when the runtime dashboard queries run, then every panel has a series per pod', async () => {
      const queries = Object.entries(RUNTIME_QUERIES).flatMap(([panel, q]) =>
        [q].flat().map((x) => [panel, x.expr] as const),
      );
      for (const [panel, expr] of queries) {
        const samples = await vector(prometheus, dashboard(expr));
        expect(new Set(samples.map((s) => s.labels.pod)), panel).toEqual(
          new Set([`sample-api-${HASH.canary}-0`, `sample-api-${HASH.stable}-0`]),
        );
      }
      const restarts = await vector(prometheus, dashboard(RUNTIME_QUERIES.restarts.expr));
      expect(restarts.map((s) => s.value)).toEqual([0, 0]);
    });

    it('when the plain rules file is loaded, then every rule evaluates cleanly and the error alert is pending for the canary only', async () => {
      const response = await until('the rules to be evaluated', async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
          data: {
            groups: {
              rules: {
                name: string;
                health: string;
                alerts: { labels: Record<string, string>; state: string }[];
              }[];
            }[];
          };
        };
        const rules = body.data.groups.flatMap((g) => g.rules);
        const error = rules.find((r) => r.name === 'SampleApiHighErrorRatio');
        return error && error.alerts.length > 0 ? rules : undefined;
      });
      expect(response.map((r) => [r.name, r.health])).toEqual([
        ['SampleApiHighErrorRatio', 'ok'],
        ['SampleApiHighLatency', 'ok'],
        ['SampleApiTargetDown', 'ok'],
        ['SampleApiRestarting', 'ok'],
      ]);
      const error = response.find((r) => r.name === 'SampleApiHighErrorRatio')!;
      expect(error.alerts.map((a) => [a.labels.role, a.state])).toEqual([['canary', 'pending']]);
      for (const r of response.filter((x) => x.name !== 'SampleApiHighErrorRatio'))
        expect(r.alerts, r.name).toEqual([]);
    });
  },
);
