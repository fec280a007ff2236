import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { afterEach, describe, expect, it } from 'vitest';
import { breakerStateValue } from '../../app/upstream/metrics.js';
import {
  bundleDefaults,
  DASHBOARDS_DIR,
  diffArtifacts,
  RULES_FILE,
  renderArtifacts,
  writeArtifacts,
} from '../../grafana/artifacts.js';
import { CANARY_DASHBOARD_UID } from '../../grafana/builders/canary-dashboard.js';
import { DEPENDENCIES_DASHBOARD_UID } from '../../grafana/builders/dependencies-dashboard.js';
import { RUNTIME_DASHBOARD_UID } from '../../grafana/builders/runtime-dashboard.js';
import { minikubePreset } from '../../infra/presets.js';
import { BREAKER_STATES } from '../../rollouts/promql/index.js';
import { committedDashboards, distManifests } from '../observability/committed-queries.js';

// biome-ignore lint/suspicious/noExplicitAny: dashboard JSON is walked generically
type Json = any;

const dashboards = committedDashboards();
const canary = dashboards.get('canary-vs-stable.json');
const runtime = dashboards.get('service-runtime.json');
const dependencies = dashboards.get('dependencies.json');
const analysis = minikubePreset().analysis;
/** What Grafana resolves to the chosen datasource (a literal `${datasource}`, not a JS template). */
const DS_VARIABLE = ['$', '{datasource}'].join('');
const DS_REF = { type: 'prometheus', uid: DS_VARIABLE };
const panel = (d: Json, title: string): Json => {
  const found = d.panels.find((p: Json) => p.title === title);
  if (!found) throw new Error(`no panel ${title}`);
  return found;
};
const steps = (p: Json) =>
  p.fieldConfig.defaults.thresholds.steps as { value: number | null; color: string }[];

/** Every value of a key anywhere in a JSON tree. */
function valuesOf(node: Json, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOf(n, key));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

describe('the committed dashboards', () => {
  it('when regenerated, then the committed JSON and rules file are identical (npm run dashboards:check)', () => {
    expect(diffArtifacts(renderArtifacts(), '.')).toEqual({ changed: [], unknown: [] });
    expect([...dashboards.keys()].sort()).toEqual([
      'canary-vs-stable.json',
      'dependencies.json',
      'service-runtime.json',
    ]);
  });

  it('when imported anywhere, then each has a prometheus-typed datasource variable and stable, distinct uids', () => {
    expect(canary.uid).toBe(CANARY_DASHBOARD_UID);
    expect(runtime.uid).toBe(RUNTIME_DASHBOARD_UID);
    expect(dependencies.uid).toBe(DEPENDENCIES_DASHBOARD_UID);
    expect(new Set([...dashboards.values()].map((d) => d.uid)).size).toBe(dashboards.size);
    for (const d of dashboards.values()) {
      expect(d.templating.list[0]).toMatchObject({
        type: 'datasource',
        name: 'datasource',
        query: 'prometheus',
      });
      expect(d.schemaVersion).toBe(defaultDashboard().schemaVersion);
      expect(d.id).toBeUndefined();
    }
  });

  it('when every uid in the JSON is listed, then only the dashboard uid and the datasource variable appear', () => {
    for (const d of dashboards.values()) {
      const uids = new Set(valuesOf(d, 'uid'));
      expect(uids).toEqual(new Set([d.uid, DS_VARIABLE]));
    }
  });

  for (const [file, d] of dashboards) {
    it(`when ${file} is read, then every panel, target and query variable uses the datasource variable`, () => {
      const panels = (d.panels as Json[]).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(6);
      for (const p of panels) {
        expect(p.datasource, p.title).toEqual(DS_REF);
        expect(p.description, p.title).toBeTruthy();
        expect(p.targets.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets) expect(t.datasource).toEqual(DS_REF);
        expect(new Set(p.targets.map((t: Json) => t.refId)).size).toBe(p.targets.length);
      }
      for (const v of (d.templating.list as Json[]).filter((x) => x.type === 'query'))
        expect(v.datasource).toEqual(DS_REF);
    });
  }

  it('when the canary dashboard is read, then RED, latency quantiles and the version stat are per role and hash', () => {
    const exprs = (title: string) => panel(canary, title).targets.map((t: Json) => t.expr as string);
    for (const title of ['Request rate', 'Success rate'])
      expect(exprs(title)[0]).toContain('by (role, rollouts_pod_template_hash)');
    const latency = exprs('Latency p50 / p95 / p99');
    expect(latency.map((e: string) => /^histogram_quantile\(([\d.]+),/.exec(e)?.[1])).toEqual([
      '0.5',
      '0.95',
      '0.99',
    ]);
    for (const e of latency) expect(e).toContain('sum by (le, role, rollouts_pod_template_hash)');
    expect(exprs('Version per role')[0]).toMatch(
      /^max by \(role, rollouts_pod_template_hash, version, commit\) \(app_info\{/,
    );
    expect(exprs('Canary success rate')[0]).toContain('role="canary"');
    expect(exprs('Stable success rate')[0]).toContain('role="stable"');
  });

  it('when thresholds are drawn, then they are the analysis defaults the chart uses', () => {
    expect(bundleDefaults().analysis).toEqual(analysis);
    for (const title of ['Success rate', 'Canary success rate', 'Stable success rate']) {
      expect(steps(panel(canary, title)), title).toEqual([
        { value: null, color: 'red' },
        { value: analysis.successRateThreshold, color: 'green' },
      ]);
    }
    const latency = panel(canary, 'Latency p50 / p95 / p99');
    expect(steps(latency)).toEqual([
      { value: null, color: 'green' },
      { value: analysis.latencyThresholdSeconds, color: 'red' },
    ]);
    expect(latency.fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: 'dashed' });
    expect(panel(canary, 'Success rate').fieldConfig.defaults.custom.thresholdsStyle).toEqual({
      mode: 'dashed',
    });
    expect(latency.description).toContain(`p95 must stay at or under ${analysis.latencyThresholdSeconds}s`);
  });

  it('when the runtime dashboard is read, then it covers lag, memory, GC, CPU, restarts, in-flight and faults', () => {
    const all = (runtime.panels as Json[])
      .flatMap((p) => (p.targets ?? []).map((t: Json) => t.expr as string))
      .join('\n');
    for (const metric of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds_sum',
      'process_cpu_seconds_total',
      'changes(process_start_time_seconds',
      'http_requests_in_flight',
      'app_fault_error_ratio',
      'app_fault_latency_seconds',
    ])
      expect(all).toContain(metric);
    expect(all).not.toContain('kube_');
  });

  it('when the dependencies dashboard is read, then it has the standard variables plus the registry Service', () => {
    const names = (d: Json) => (d.templating.list as Json[]).map((v) => v.name);
    expect(names(dependencies)).toEqual([...names(runtime), 'registry']);
    expect(dependencies.templating.list.at(-1).query).toBe(
      'label_values(registry_services_registered{namespace="$namespace"}, service)',
    );
  });

  it('when the dependencies dashboard is read, then DB, upstream and registry panels read their metrics in their scope', () => {
    const exprs = (title: string) => panel(dependencies, title).targets.map((t: Json) => t.expr as string);
    expect(exprs('DB latency p95 / p99')[0]).toMatch(
      /^histogram_quantile\(0\.95, sum by \(le, operation\) \(rate\(db_query_duration_seconds_bucket\{/,
    );
    expect(exprs('DB error share')[0]).toContain('outcome="error"');
    expect(exprs('DB pool').join('\n')).toContain('db_pool_requests_waiting');
    expect(exprs('Item writes')).toHaveLength(3);
    expect(exprs('Upstream calls')[0]).toContain('sum by (upstream, outcome)');
    expect(exprs('Upstream error share')[0]).not.toContain('client_error');
    for (const title of ['Registered vs healthy', 'Registered service health', 'Health checks by outcome'])
      for (const e of exprs(title)) expect(e, title).toContain('service="$registry"');
    for (const title of ['DB pool', 'Upstream calls', 'Circuit breaker state'])
      for (const e of exprs(title)) expect(e, title).toContain('service="$service"');
    expect(exprs('Registered service health')[0]).toContain('by (exported_service)');
  });

  it('when breaker states are drawn, then the mapping uses the values the app sets', () => {
    expect(BREAKER_STATES).toEqual(breakerStateValue);
    const breaker = panel(dependencies, 'Circuit breaker state');
    expect(breaker.type).toBe('state-timeline');
    expect(breaker.fieldConfig.defaults.mappings[0].options).toEqual({
      '0': { text: 'closed', color: 'green', index: 0 },
      '1': { text: 'half-open', color: 'yellow', index: 1 },
      '2': { text: 'open', color: 'red', index: 2 },
    });
  });

  it('when the chart is synthesized, then each dashboard ships byte for byte in a ConfigMap the sidecar picks up', () => {
    const configMaps = distManifests()
      .filter(
        ({ file, manifest }) => file === 'sample-api-minikube.k8s.yaml' && manifest.kind === 'ConfigMap',
      )
      .map(({ manifest }) => manifest)
      .filter((m) => m.metadata.labels?.grafana_dashboard === '1');
    expect(configMaps.map((m) => Object.keys(m.data)[0]).sort()).toEqual([...dashboards.keys()].sort());
    for (const m of configMaps) {
      const [file, json] = Object.entries(m.data)[0] as [string, string];
      expect(json).toBe(readFileSync(join(DASHBOARDS_DIR, file), 'utf8'));
    }
  });
});

describe('writing and checking generated files', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('when the folder is empty, then everything is written; a second write changes nothing and keeps mtimes', () => {
    root = mkdtempSync(join(tmpdir(), 'grafana-artifacts-'));
    const files = renderArtifacts();
    expect(writeArtifacts(files, root).changed.sort()).toEqual([...files.keys()].sort());
    const mtime = statSync(join(root, RULES_FILE)).mtimeMs;
    expect(writeArtifacts(files, root)).toEqual({ changed: [], unknown: [] });
    expect(statSync(join(root, RULES_FILE)).mtimeMs).toBe(mtime);
  });

  it('when a committed file is edited by hand or an unknown dashboard appears, then the check names both', () => {
    root = mkdtempSync(join(tmpdir(), 'grafana-artifacts-'));
    const files = renderArtifacts();
    writeArtifacts(files, root);
    writeFileSync(join(root, DASHBOARDS_DIR, 'canary-vs-stable.json'), '{}\n');
    mkdirSync(join(root, DASHBOARDS_DIR), { recursive: true });
    writeFileSync(join(root, DASHBOARDS_DIR, 'hand-made.json'), '{}\n');
    expect(diffArtifacts(files, root)).toEqual({
      changed: [`${DASHBOARDS_DIR}/canary-vs-stable.json`],
      unknown: [`${DASHBOARDS_DIR}/hand-made.json`],
    });
  });

  it('when nothing was generated yet, then every file is reported as changed', () => {
    root = mkdtempSync(join(tmpdir(), 'grafana-artifacts-'));
    const files = renderArtifacts();
    expect(diffArtifacts(files, root)).toEqual({ changed: [...files.keys()], unknown: [] });
  });
});
