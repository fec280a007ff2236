import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CHART_IDS } from '../../infra/charts.js';
import { minikubePreset } from '../../infra/presets.js';
import type { Manifest } from './manifests.js';

const skaffold = parse(readFileSync('skaffold.yaml', 'utf8'));
const distOf = (file: string): Manifest[] =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJSON() as Manifest);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('skaffold.yaml', () => {
  it('when parsed, then it is a v4beta13 config with one docker artifact named like the chart image', () => {
    expect(skaffold.apiVersion).toBe('skaffold/v4beta13');
    expect(skaffold.kind).toBe('Config');
    expect(skaffold.build.artifacts).toHaveLength(1);
    const [artifact] = skaffold.build.artifacts;
    expect(artifact.image).toBe(minikubePreset().image);
    expect(Object.keys(artifact.docker.buildArgs).sort()).toEqual(['APP_VERSION', 'GIT_COMMIT']);
    for (const value of Object.values<string>(artifact.docker.buildArgs))
      expect(value).toMatch(/^\{\{\.[A-Z_]+\}\}$/);
  });

  it('when the build args are templated from the environment, then scripts/skaffold.sh exports each of them', () => {
    const wrapper = readFileSync('scripts/skaffold.sh', 'utf8');
    for (const value of Object.values<string>(skaffold.build.artifacts[0].docker.buildArgs)) {
      const name = /\{\{\.([A-Z_]+)\}\}/.exec(value)![1]!;
      expect(wrapper).toMatch(new RegExp(`export [A-Z_ ]*\\b${name}\\b`));
    }
  });

  it('when the image is built, then the Dockerfile declares the build args skaffold passes', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    for (const name of Object.keys(skaffold.build.artifacts[0].docker.buildArgs)) {
      expect(dockerfile).toMatch(new RegExp(`^ARG ${name}\\b`, 'm'));
    }
  });

  it('when manifests are rendered, then each rawYaml entry is a committed dist/ file and the pre-render hook runs synth', () => {
    const raw: string[] = skaffold.manifests.rawYaml;
    expect(raw).toEqual([`dist/${CHART_IDS.minikube}.k8s.yaml`]);
    for (const file of raw) expect(existsSync(file), file).toBe(true);
    const [hook] = skaffold.manifests.hooks.before;
    expect(hook.host.command).toEqual(['npm', 'run', '--silent', 'synth']);
    expect(pkg.scripts.synth).toContain('infra/synth-cli.ts');
    expect(skaffold.deploy).toEqual({ kubectl: {} });
  });

  it('when a profile swaps the manifests, then it points at a committed dist/ file too', () => {
    const nginx = skaffold.profiles.find((p: { name: string }) => p.name === 'nginx');
    expect(nginx.patches[0].path).toBe('/manifests/rawYaml/0');
    expect(nginx.patches[0].value).toBe(`dist/${CHART_IDS.minikubeNginx}.k8s.yaml`);
    expect(existsSync(nginx.patches[0].value)).toBe(true);
  });

  it('when port-forwarding, then the target is a Service with that port in the rendered manifests', () => {
    const manifests = distOf(skaffold.manifests.rawYaml[0]);
    for (const pf of skaffold.portForward) {
      expect(pf.resourceType).toBe('Service');
      const svc = manifests.find((m) => m.kind === 'Service' && m.metadata.name === pf.resourceName);
      expect(svc, pf.resourceName).toBeDefined();
      expect(svc!.metadata.namespace).toBe(pf.namespace);
      expect(svc!.spec.ports.map((p: { port: number }) => p.port)).toContain(pf.port);
    }
    const rollout = manifests.find((m) => m.kind === 'Rollout')!;
    expect(skaffold.portForward[0].resourceName).toBe(rollout.spec.strategy.canary.stableService);
  });

  it('when on minikube, then a profile activates on the kube context', () => {
    const profile = skaffold.profiles.find((p: { name: string }) => p.name === 'minikube');
    expect(profile.activation).toEqual([{ kubeContext: 'minikube' }]);
  });

  it('when skaffold labels objects, then the Rollout pod template is denied the run-id label', () => {
    expect(skaffold.resourceSelector.deny).toContainEqual({
      groupKind: 'Rollout.argoproj.io',
      labels: ['.spec.template.metadata.labels'],
    });
    const rollout = distOf(skaffold.manifests.rawYaml[0]).find((m) => m.kind === 'Rollout')!;
    expect(rollout.apiVersion.split('/')[0]).toBe('argoproj.io');
  });
});

describe('shell scripts', () => {
  it('when shellcheck runs over the scripts, then it reports nothing', () => {
    const scripts = pkg.scripts['lint:sh'].split(' ').slice(1);
    expect(scripts).toContain('scripts/minikube-up.sh');
    // Throws (and fails the test) on any finding, or when shellcheck is missing: apt-get install shellcheck.
    expect(execFileSync('shellcheck', scripts, { encoding: 'utf8' })).toBe('');
  });

  it('when the bootstrap installs components, then every version is pinned', () => {
    const script = readFileSync('scripts/minikube-up.sh', 'utf8');
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script).toMatch(/ARGO_ROLLOUTS_VERSION="\$\{ARGO_ROLLOUTS_VERSION:-v\d+\.\d+\.\d+\}"/);
    expect(script).toMatch(
      /KUBE_PROMETHEUS_STACK_VERSION="\$\{KUBE_PROMETHEUS_STACK_VERSION:-\d+\.\d+\.\d+\}"/,
    );
    expect(script).toMatch(/KUBERNETES_VERSION="\$\{KUBERNETES_VERSION:-v\d+\.\d+\.\d+\}"/);
    expect(script).toContain('--version "$KUBE_PROMETHEUS_STACK_VERSION"');
    expect(script).not.toMatch(/latest/);
    const sm = distOf(`dist/${CHART_IDS.minikube}.k8s.yaml`).find((m) => m.kind === 'ServiceMonitor')!;
    expect(script).toContain(`PROM_RELEASE=${sm.metadata.labels!.release}`);
    expect(minikubePreset().analysis.prometheusAddress).toContain(
      'kube-prometheus-stack-prometheus.monitoring.svc',
    );
  });
});

describe('the README walkthrough', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(
    readme.indexOf('<!-- section:minikube -->'),
    readme.indexOf('<!-- /section:minikube -->'),
  );
  const rollout = distOf(`dist/${CHART_IDS.minikube}.k8s.yaml`).find((m) => m.kind === 'Rollout')!;
  const env = rollout.spec.template.spec.containers[0].env;

  it('when it patches the fault profile by index, then each index is the variable it names', () => {
    const paths = [...section.matchAll(/"path":"\/spec\/template\/spec\/containers\/0\/env\/(\d+)\/value"/g)];
    expect(paths.length).toBeGreaterThan(0);
    for (const [, index] of paths) expect(env[Number(index)].name).toBe('FAULT_ERROR_RATE');
    expect(section).toContain('`env/2` (`FAULT_LATENCY_MS`');
    expect(env[2].name).toBe('FAULT_LATENCY_MS');
  });

  it('when it names objects, tokens and thresholds, then they are the ones the chart emits', () => {
    expect(section).toContain(`rollout ${rollout.metadata.name} -n ${rollout.metadata.namespace}`);
    expect(section).toContain(`token \`${minikubePreset().adminSecret.createWithToken}\``);
    const { analysis, canary } = minikubePreset();
    expect(section).toContain(`success rate ≥ ${analysis.successRateThreshold * 100} %`);
    expect(section).toContain(`p95 ≤ ${analysis.latencyThresholdSeconds} s`);
    expect(section).toContain(`${canary.weights[0]} % →`);
    for (const id of Object.values(CHART_IDS)) expect(section).toContain(id);
  });
});
