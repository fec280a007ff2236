import { Testing } from 'cdk8s';
import { addCharts } from '../../infra/charts.js';
import type { SampleApiChart } from '../../infra/sample-api-chart.js';

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are walked generically in tests
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: idem
  [key: string]: any;
};

export const SAMPLE_DASHBOARD = {
  fileName: 'canary-overview.json',
  json: '{"title":"Canary overview","panels":[]}',
};

/** Every chart of the bundle, synthesized in memory, with one sample dashboard. */
export function synthAll(): { chart: SampleApiChart; manifests: Manifest[] }[] {
  const app = Testing.app();
  return addCharts(app, [SAMPLE_DASHBOARD]).map((chart) => ({
    chart,
    manifests: Testing.synth(chart) as Manifest[],
  }));
}

export function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''}`);
  return found;
}

export function all(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

/** True when every selector label is present with the same value. */
export function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
