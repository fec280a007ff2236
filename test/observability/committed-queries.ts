import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { DASHBOARDS_DIR, RULES_FILE } from '../../grafana/artifacts.js';
import { interpolate } from '../../rollouts/promql/index.js';

/** One PromQL expression found in a committed file, with where it came from. */
export interface FoundQuery {
  readonly source: string;
  readonly expr: string;
}

/** Values Grafana would substitute, so dashboard expressions are plain PromQL. */
export const GRAFANA_SAMPLE_VALUES = {
  namespace: 'canary-lab',
  service: 'sample-api-metrics',
  registry: 'sample-api-registry',
  __rate_interval: '1m',
  __range: '1h',
  __interval: '15s',
} as const;

/** Values Argo would substitute into the AnalysisTemplates' `{{args.*}}`. */
export function substituteArgs(query: string, args: Readonly<Record<string, string>>): string {
  return query.replace(/\{\{args\.([\w-]+)\}\}/g, (_m, name: string) => {
    const value = args[name];
    if (value === undefined) throw new Error(`no value for {{args.${name}}}`);
    return value;
  });
}

// biome-ignore lint/suspicious/noExplicitAny: dashboard JSON is walked generically
type Json = any;

/** Dashboards as committed, by file name. */
export function committedDashboards(root = '.'): Map<string, Json> {
  const dir = join(root, DASHBOARDS_DIR);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}

/** Every panel's targets' expressions and every `label_values()` selector, Grafana variables interpolated. */
export function dashboardQueries(root = '.'): FoundQuery[] {
  const found: FoundQuery[] = [];
  for (const [file, dashboard] of committedDashboards(root)) {
    for (const panel of dashboard.panels as Json[]) {
      for (const target of panel.targets ?? []) {
        found.push({
          source: `${file}: ${panel.title}`,
          expr: interpolate(target.expr, GRAFANA_SAMPLE_VALUES),
        });
      }
    }
    for (const variable of dashboard.templating.list as Json[]) {
      if (variable.type !== 'query') continue;
      const match = /^label_values\((.*), (\w+)\)$/.exec(variable.query);
      if (!match) throw new Error(`${file}: variable ${variable.name} is not a label_values() query`);
      found.push({
        source: `${file}: $${variable.name}`,
        expr: interpolate(match[1]!, GRAFANA_SAMPLE_VALUES),
      });
    }
  }
  return found;
}

/** The plain rules file's alert expressions. */
export function rulesFileQueries(root = '.'): FoundQuery[] {
  const file = parseYaml(readFileSync(join(root, RULES_FILE), 'utf8')) as Json;
  return file.groups.flatMap((g: Json) =>
    g.rules.map((r: Json) => ({ source: `${RULES_FILE}: ${r.alert}`, expr: r.expr })),
  );
}

/** The synthesized manifests of every chart in dist/. */
export function distManifests(root = '.'): { file: string; manifest: Json }[] {
  const dir = join(root, 'dist');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => ({ file, manifest: d.toJSON() })),
    );
}

/** AnalysisTemplate queries (args substituted) and PrometheusRule expressions from dist/. */
export function distQueries(root = '.'): FoundQuery[] {
  const args = { namespace: 'canary-lab', 'service-name': 'sample-api-metrics', 'canary-hash': 'abc123' };
  return distManifests(root).flatMap(({ file, manifest: m }): FoundQuery[] => {
    if (m.kind === 'AnalysisTemplate') {
      return m.spec.metrics.map((metric: Json) => ({
        source: `${file}: AnalysisTemplate ${m.metadata.name}`,
        expr: substituteArgs(metric.provider.prometheus.query, args),
      }));
    }
    if (m.kind === 'PrometheusRule') {
      return m.spec.groups.flatMap((g: Json) =>
        g.rules.map((r: Json) => ({ source: `${file}: PrometheusRule ${r.alert}`, expr: r.expr })),
      );
    }
    return [];
  });
}

/** Every PromQL expression the repository ships: dashboards, rules file, AnalysisTemplates, PrometheusRules. */
export function allCommittedQueries(root = '.'): FoundQuery[] {
  return [...dashboardQueries(root), ...rulesFileQueries(root), ...distQueries(root)];
}
