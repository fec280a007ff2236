import { Testing } from 'cdk8s';
import { loadConfig } from '../../app/config/load.js';
import { APP_CONTRACT } from '../../infra/app-contract.js';
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

/**
 * The container ports on which the app in this pod template answers `path`, as
 * its own config reads the container's env: the probes on PORT and on
 * MANAGEMENT_PORT when set, /metrics on MANAGEMENT_PORT when set and on PORT
 * otherwise (test/process/basics.test.ts checks that routing on the built app).
 */
export function portsServing(template: Manifest['spec'], path: string): number[] {
  const env: { name: string; value?: string }[] = template.spec.containers[0].env;
  const config = loadConfig(
    Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!])),
  );
  const management = config.management.port;
  if (management === 0) return [config.server.port];
  return path === APP_CONTRACT.metricsPath ? [management] : [config.server.port, management];
}
