import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { APP_CONTRACT, schemaEnvNames } from '../../infra/app-contract.js';
import { minikubePreset } from '../../infra/presets.js';
import { SampleApiChart } from '../../infra/sample-api-chart.js';
import { SERVICE_TOKEN_KEY } from '../../infra/service-registry.js';
import { all, find, type Manifest, portsServing, selects, synthAll } from '../infra/manifests.js';

// biome-ignore lint/suspicious/noExplicitAny: env entries are walked as JSON
type Env = any;
const synthed = synthAll();
const charts = Object.fromEntries(synthed.map(({ chart, manifests }) => [chart.node.id, manifests]));
const propsOf = Object.fromEntries(synthed.map(({ chart }) => [chart.node.id, chart.props]));
const envOf = (m: Manifest): Env[] => m.spec.template.spec.containers[0].env;
const byName = (env: Env[], name: string): Env | undefined => env.find((e) => e.name === name);
type Peer = {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
};

describe('the registry in the bundle', () => {
  for (const id of ['sample-api-minikube', 'sample-api-minikube-nginx']) {
    describe(id, () => {
      const manifests = charts[id]!;
      const registry = find(manifests, 'Deployment', 'sample-api-registry');
      const service = find(manifests, 'Service', 'sample-api-registry');
      const rollout = find(manifests, 'Rollout');

      it('when enabled, then a Deployment runs the same image in the registry role with a config the app accepts', () => {
        const c = registry.spec.template.spec.containers[0];
        expect(c.image).toBe(rollout.spec.template.spec.containers[0].image);
        expect(registry.spec.replicas).toBe(1);
        const env = envOf(registry);
        for (const e of env) expect(schemaEnvNames().has(e.name), e.name).toBe(true);
        const plain = Object.fromEntries(env.filter((e) => 'value' in e).map((e) => [e.name, e.value]));
        const config = loadConfig(plain);
        expect(config.service.role).toBe('registry');
        expect(c.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([
          config.server.port,
          config.management.port,
        ]);
      });

      it('when API pods register, then REGISTRY_URL is the registry Service, which selects the registry pods on the container port', () => {
        const env = envOf(rollout);
        const url = new URL(byName(env, 'REGISTRY_URL').value);
        const [svcName, namespace] = url.hostname.split('.');
        expect([svcName, namespace]).toEqual([service.metadata.name, service.metadata.namespace]);
        // URL drops the scheme's default port (80).
        const port = service.spec.ports.find((p: { port: number }) => p.port === Number(url.port || 80));
        expect(port.targetPort).toBe(APP_CONTRACT.port);
        expect(selects(service.spec.selector, registry.spec.template.metadata.labels)).toBe(true);
        expect(selects(service.spec.selector, rollout.spec.template.metadata.labels)).toBe(false);
        expect(byName(env, 'POD_IP').valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
        expect(loadConfig({ REGISTRY_URL: url.toString() }).registry.url).toBe(url.toString());
      });

      it('when either side needs the service token, then both read the same optional Secret key', () => {
        const api = byName(envOf(rollout), 'SERVICE_TOKEN').valueFrom.secretKeyRef;
        const reg = byName(envOf(registry), 'SERVICE_TOKEN').valueFrom.secretKeyRef;
        expect(api).toEqual(reg);
        expect(api).toMatchObject({ key: SERVICE_TOKEN_KEY, optional: true });
        expect(all(manifests, 'Secret').map((s) => s.metadata.name)).toContain(api.name);
      });

      it('when the NetworkPolicy admits traffic, then it covers the registry pods, from pods of the same namespace', () => {
        const policies = all(manifests, 'NetworkPolicy').filter((p) =>
          selects(p.spec.podSelector.matchLabels, registry.spec.template.metadata.labels),
        );
        expect(policies).toHaveLength(1);
        expect(policies[0]!.spec.ingress[0].from).toContainEqual({ podSelector: {} });
      });

      it('when Prometheus scrapes, then a ServiceMonitor with the release label matches exactly the registry Service, on its metrics port and path', () => {
        const sm = find(manifests, 'ServiceMonitor', 'sample-api-registry');
        const matched = all(manifests, 'Service').filter((s) =>
          selects(sm.spec.selector.matchLabels, s.metadata.labels),
        );
        expect(matched.map((s) => s.metadata.name)).toEqual([service.metadata.name]);
        expect(sm.spec.endpoints).toHaveLength(1);
        const [ep] = sm.spec.endpoints;
        expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain(ep.port);
        expect(ep.path).toBe(APP_CONTRACT.metricsPath);
        expect(sm.metadata.labels?.release).toBe('kube-prometheus-stack');
        expect(sm.metadata.labels?.release).toBe(
          find(manifests, 'ServiceMonitor', 'sample-api').metadata.labels?.release,
        );
        expect(sm.spec.namespaceSelector.matchNames).toEqual([service.metadata.namespace]);
        // The registry is a Deployment: none of the Rollout's pod labels to copy onto its series.
        expect(sm.spec.podTargetLabels).toBeUndefined();
        // No API series under the registry's `service` label, which the dashboard's $registry filters on.
        const apiMetrics = find(manifests, 'ServiceMonitor', 'sample-api');
        expect(selects(sm.spec.selector.matchLabels, rollout.spec.template.metadata.labels)).toBe(false);
        expect(selects(apiMetrics.spec.selector.matchLabels, service.metadata.labels)).toBe(false);
      });

      it('when Prometheus scrapes the registry pods, then a NetworkPolicy admits it on the port the Service targets', () => {
        const sm = find(manifests, 'ServiceMonitor', 'sample-api-registry');
        const port = service.spec.ports.find((p: { name: string }) => p.name === sm.spec.endpoints[0].port);
        expect(portsServing(registry.spec.template, APP_CONTRACT.metricsPath)).toEqual([port.targetPort]);
        const containerPorts = registry.spec.template.spec.containers[0].ports.map(
          (p: { containerPort: number }) => p.containerPort,
        );
        expect(containerPorts).toContain(port.targetPort);
        const prometheus = {
          namespace: propsOf[id]!.monitoring.namespace,
          labels: { 'app.kubernetes.io/name': 'prometheus' },
        };
        const admitting = all(manifests, 'NetworkPolicy')
          .filter((p) => selects(p.spec.podSelector.matchLabels, registry.spec.template.metadata.labels))
          .flatMap((p) => p.spec.ingress)
          .filter(
            (rule: { from: Peer[]; ports: { port: number }[] }) =>
              rule.ports.some((p) => p.port === port.targetPort) &&
              rule.from.some(
                (peer) =>
                  peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ===
                    prometheus.namespace && selects(peer.podSelector?.matchLabels ?? {}, prometheus.labels),
              ),
          );
        expect(admitting).toHaveLength(1);
      });
    });
  }

  it('when production synthesizes, then there is no registry and API pods get no REGISTRY_URL', () => {
    const manifests = charts['sample-api-production']!;
    expect(manifests.filter((m) => m.metadata.name === 'sample-api-registry')).toEqual([]);
    expect(all(manifests, 'ServiceMonitor').map((m) => m.metadata.name)).toEqual(['sample-api']);
    expect(byName(envOf(find(manifests, 'Rollout')), 'REGISTRY_URL')).toBeUndefined();
  });

  it('when config tries to set what the registry wiring sets, then synth fails naming it', () => {
    for (const key of ['REGISTRY_URL', 'POD_IP', 'SERVICE_TOKEN']) {
      expect(
        () =>
          new SampleApiChart(Testing.app(), 'x', {
            ...minikubePreset(),
            config: { [key]: 'http://elsewhere' },
          }),
      ).toThrow(new RegExp(`config key ${key}=.*contradicts the chart`));
    }
  });
});
