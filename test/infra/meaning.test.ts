import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isInfraPath } from '../../app/http/infra-paths.js';
import { APP_CONTRACT, schemaEnvNames } from '../../infra/app-contract.js';
import { syntaxErrors } from '../../rollouts/promql/lint.js';
import { all, find, type Manifest, portsServing, selects, synthAll } from './manifests.js';

const charts = synthAll();
const healthRoutes = readFileSync('app/routes/health.ts', 'utf8');

function podSpecs(manifests: Manifest[]) {
  return manifests
    .filter((m) => m.kind === 'Rollout' || m.kind === 'Deployment')
    .map((m) => ({ owner: m, template: m.spec.template }));
}

for (const { chart, manifests } of charts) {
  const id = chart.node.id;
  const services = all(manifests, 'Service');
  const rollout = find(manifests, 'Rollout');
  const canary = rollout.spec.strategy.canary;

  describe(`${id}: meaning`, () => {
    it('when probes are declared, then each path is a health route of the app, kept out of RED metrics, on the management port that serves it', () => {
      for (const { template } of podSpecs(manifests)) {
        const c = template.spec.containers[0];
        const ports = c.ports.map((p: { containerPort: number }) => p.containerPort);
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
          expect(healthRoutes).toContain(`path: '${probe.httpGet.path}'`);
          expect(isInfraPath(probe.httpGet.path)).toBe(true);
          expect(ports).toContain(probe.httpGet.port);
          // The worker's port: a saturated pod still answers its kubelet at once.
          expect(probe.httpGet.port).toBe(APP_CONTRACT.managementPort);
          expect(portsServing(template, probe.httpGet.path)).toContain(probe.httpGet.port);
        }
        expect([
          c.startupProbe.httpGet.path,
          c.readinessProbe.httpGet.path,
          c.livenessProbe.httpGet.path,
        ]).toEqual([
          APP_CONTRACT.probes.startup,
          APP_CONTRACT.probes.readiness,
          APP_CONTRACT.probes.liveness,
        ]);
      }
    });

    it('when the Rollout selects pods, then its selector matches the template labels and its Services target a container port', () => {
      const labels = rollout.spec.template.metadata.labels;
      expect(selects(rollout.spec.selector.matchLabels, labels)).toBe(true);
      const containerPorts = rollout.spec.template.spec.containers[0].ports;
      for (const name of [canary.stableService, canary.canaryService]) {
        const svc = find(manifests, 'Service', name);
        expect(selects(svc.spec.selector, labels)).toBe(true);
        for (const p of svc.spec.ports) {
          expect(
            containerPorts.some((c: { containerPort: number }) => c.containerPort === p.targetPort),
          ).toBe(true);
        }
      }
    });

    it('when Prometheus scrapes, then exactly one Service matches the ServiceMonitor, it has the port, and it selects every API pod', () => {
      const sm = find(manifests, 'ServiceMonitor', 'sample-api');
      const matched = services.filter((s) => selects(sm.spec.selector.matchLabels, s.metadata.labels));
      expect(matched.map((s) => s.metadata.name)).toEqual(['sample-api-metrics']);
      const metrics = matched[0]!;
      for (const ep of sm.spec.endpoints) {
        const port = metrics.spec.ports.find((p: { name: string }) => p.name === ep.port);
        expect(port, `Service port ${ep.port}`).toBeDefined();
        expect(ep.path).toBe(APP_CONTRACT.metricsPath);
        expect(portsServing(rollout.spec.template, ep.path)).toEqual([port.targetPort]);
      }
      expect(selects(metrics.spec.selector, rollout.spec.template.metadata.labels)).toBe(true);
      expect(sm.metadata.labels?.release).toBe('kube-prometheus-stack');
      expect(sm.spec.podTargetLabels).toEqual(['rollouts-pod-template-hash', 'role']);
      expect(Object.keys(canary.canaryMetadata.labels)).toEqual(['role']);
      expect(sm.spec.namespaceSelector.matchNames).toEqual([metrics.metadata.namespace]);
    });

    it('when ServiceMonitors are emitted, then there is the API one plus the registry one exactly when the registry runs, each matching exactly one Service on a port it has', () => {
      const monitors = all(manifests, 'ServiceMonitor');
      expect(monitors.map((m) => m.metadata.name)).toEqual(
        chart.props.registry.enabled ? ['sample-api', 'sample-api-registry'] : ['sample-api'],
      );
      for (const sm of monitors) {
        const matched = services.filter((s) => selects(sm.spec.selector.matchLabels, s.metadata.labels));
        expect(matched, sm.metadata.name).toHaveLength(1);
        const ports = matched[0]!.spec.ports.map((p: { name: string }) => p.name);
        for (const ep of sm.spec.endpoints) expect(ports).toContain(ep.port);
        expect(sm.metadata.labels?.release, sm.metadata.name).toBe('kube-prometheus-stack');
      }
    });

    it('when analysis runs, then every template exists, every arg it uses is declared and supplied, and its queries parse', () => {
      const steps = canary.steps.filter((s: { analysis?: unknown }) => s.analysis);
      expect(steps.length).toBe(chart.props.canary.weights.length);
      for (const step of steps) {
        const supplied = new Set(step.analysis.args.map((a: { name: string }) => a.name));
        for (const ref of step.analysis.templates) {
          const template = find(manifests, 'AnalysisTemplate', ref.templateName);
          const declared = template.spec.args.map((a: { name: string; value?: string }) => a.name);
          for (const name of declared)
            expect(supplied.has(name), `${ref.templateName} arg ${name}`).toBe(true);
          for (const metric of template.spec.metrics) {
            const used = [...metric.provider.prometheus.query.matchAll(/\{\{args\.([\w-]+)\}\}/g)].map(
              (m) => m[1],
            );
            expect(used.length).toBeGreaterThan(0);
            for (const name of used) expect(declared).toContain(name);
            expect(syntaxErrors(metric.provider.prometheus.query)).toEqual([]);
            expect(metric.successCondition).toMatch(/^len\(result\) > 0 && !isNaN\(result\[0\]\) && /);
            expect(metric.failureCondition).toMatch(/^len\(result\) > 0 && !isNaN\(result\[0\]\) && /);
          }
        }
        const hash = step.analysis.args.find((a: { name: string }) => a.name === 'canary-hash');
        expect(hash.valueFrom).toEqual({ podTemplateHashValue: 'Latest' });
        const svc = step.analysis.args.find((a: { name: string }) => a.name === 'service-name');
        expect(services.map((s) => s.metadata.name)).toContain(svc.value);
      }
    });

    it('when pods shut down, then the grace period exceeds the drain delay plus the shutdown deadline they are given', () => {
      for (const { template } of podSpecs(manifests)) {
        const env = Object.fromEntries(
          template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]),
        );
        const needed = (Number(env.SHUTDOWN_DRAIN_DELAY_MS) + Number(env.SHUTDOWN_TIMEOUT_MS)) / 1000;
        expect(needed).toBeGreaterThan(0);
        expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThan(needed);
      }
    });

    it('when config reaches the app, then every env and ConfigMap key is a variable of the app schema and the secret exists or is external', () => {
      const known = schemaEnvNames();
      const cm = find(manifests, 'ConfigMap', 'sample-api-config');
      for (const key of Object.keys(cm.data)) expect(known.has(key), key).toBe(true);
      const c = rollout.spec.template.spec.containers[0];
      for (const e of c.env) expect(known.has(e.name), e.name).toBe(true);
      expect(c.envFrom[0].configMapRef.name).toBe(cm.metadata.name);
      const ref = c.env.find((e: { name: string }) => e.name === 'ADMIN_TOKEN').valueFrom.secretKeyRef;
      const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === ref.name);
      if (chart.props.adminSecret.createWithToken) expect(secret?.stringData[ref.key]).toBeDefined();
      else expect(secret).toBeUndefined();
      expect(c.env[0].name).toBe('FAULT_ERROR_RATE');
    });

    it('when traffic is routed, then the mode is wired end to end', () => {
      const loadgen = manifests.find((m) => m.kind === 'Deployment');
      const target = loadgen?.spec.template.spec.containers[0].env.find(
        (e: { name: string }) => e.name === 'LOADGEN_TARGET_URL',
      ).value;
      if (chart.props.traffic.mode === 'nginx') {
        const ingress = find(manifests, 'Ingress', canary.trafficRouting.nginx.stableIngress);
        const backend = ingress.spec.rules[0].http.paths[0].backend.service;
        expect(backend.name).toBe(canary.stableService);
        expect(
          find(manifests, 'Service', backend.name).spec.ports.map((p: { name: string }) => p.name),
        ).toContain(backend.port.name);
        if (loadgen) expect(target).toBe(chart.props.traffic.controllerUrl);
      } else {
        expect(canary.trafficRouting).toBeUndefined();
        expect(all(manifests, 'Ingress')).toEqual([]);
        const host = new URL(target).hostname.split('.');
        const root = find(manifests, 'Service', host[0]);
        expect(host[1]).toBe(root.metadata.namespace);
        // Replica-weighted: the load generator's Service must reach stable and canary pods alike.
        expect(root.spec.selector).toEqual(rollout.spec.selector.matchLabels);
        expect(root.spec.ports[0].port).toBe(Number(new URL(target).port || 80));
      }
    });

    it('when the NetworkPolicy admits traffic, then the API port is open to the namespace and ingress controller, and the management port to Prometheus only', () => {
      const np = find(manifests, 'NetworkPolicy');
      expect(selects(np.spec.podSelector.matchLabels, rollout.spec.template.metadata.labels)).toBe(true);
      const namespacesOf = (rule: {
        from: { namespaceSelector?: { matchLabels: Record<string, string> } }[];
      }) => rule.from.map((f) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']);
      expect(np.spec.ingress).toHaveLength(2);
      const [api, management] = np.spec.ingress;
      expect(api.ports).toEqual([{ port: APP_CONTRACT.port, protocol: 'TCP' }]);
      expect(namespacesOf(api)).toEqual([undefined, chart.props.traffic.controllerNamespace]);
      expect(api.from[0]).toEqual({ podSelector: {} });
      expect(management.ports).toEqual([{ port: APP_CONTRACT.managementPort, protocol: 'TCP' }]);
      expect(namespacesOf(management)).toEqual([chart.props.monitoring.namespace]);
      expect(management.from[0].podSelector).toEqual({
        matchLabels: { 'app.kubernetes.io/name': 'prometheus' },
      });
    });

    it('when disruptions and autoscaling apply, then they target the API pods and the Rollout', () => {
      const pdb = find(manifests, 'PodDisruptionBudget');
      expect(selects(pdb.spec.selector.matchLabels, rollout.spec.template.metadata.labels)).toBe(true);
      const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler');
      if (chart.props.autoscaling) {
        expect(hpa?.spec.scaleTargetRef).toEqual({
          apiVersion: rollout.apiVersion,
          kind: 'Rollout',
          name: rollout.metadata.name,
        });
      } else expect(hpa).toBeUndefined();
    });

    it('when dashboards are given, then each becomes a ConfigMap the Grafana sidecar picks up', () => {
      const cm = find(manifests, 'ConfigMap', 'sample-api-dashboard-canary-overview');
      expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
      expect(JSON.parse(cm.data['canary-overview.json']).title).toBe('Canary overview');
    });

    it('when objects are namespaced, then all live in the chart namespace', () => {
      for (const m of manifests.filter((x) => x.kind !== 'Namespace')) {
        expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBe(chart.props.namespace);
      }
    });
  });
}
