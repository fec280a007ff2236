import { describe, expect, it } from 'vitest';
import { find, synthAll } from './manifests.js';
import { schemaErrors, unknownFields } from './strict-schema.js';

const charts = synthAll();

describe('every synthesized object against its schema', () => {
  for (const { chart, manifests } of charts) {
    for (const m of manifests) {
      it(`when ${chart.node.id} emits ${m.kind} ${m.metadata.name}, then it validates and has no unknown field`, () => {
        expect(schemaErrors(m)).toEqual([]);
        expect(unknownFields(m)).toEqual([]);
      });
    }
  }
});

describe('the strict unknown-field check', () => {
  const rollout = find(charts[0]!.manifests, 'Rollout');
  const minikube = charts.find(({ chart }) => chart.props.registry.enabled)!;
  const registryMonitor = find(minikube.manifests, 'ServiceMonitor', 'sample-api-registry');

  it('when the registry runs, then its ServiceMonitor is among the objects checked above and passes both checks', () => {
    expect(schemaErrors(registryMonitor)).toEqual([]);
    expect(unknownFields(registryMonitor)).toEqual([]);
  });

  it('when a ServiceMonitor field is misspelled or mistyped, then the strict check and the schema name it', () => {
    const misspelled = structuredClone(registryMonitor);
    misspelled.spec.endpoints[0].intervall = misspelled.spec.endpoints[0].interval;
    delete misspelled.spec.endpoints[0].interval;
    expect(schemaErrors(misspelled)).toEqual([]);
    expect(unknownFields(misspelled)).toEqual(['/spec/endpoints/0/intervall']);
    const mistyped = structuredClone(registryMonitor);
    mistyped.spec.selector.matchLabels = ['app.kubernetes.io/component=registry'];
    expect(schemaErrors(mistyped)).toContain('/spec/selector/matchLabels: must be object');
  });

  it('when a pod template field is misspelled, then the package validator accepts it but the strict check names it', () => {
    const bad = structuredClone(rollout);
    const container = bad.spec.template.spec.containers[0];
    container.imagePulPolicy = container.imagePullPolicy;
    delete container.imagePullPolicy;
    expect(schemaErrors(bad)).toEqual([]);
    expect(unknownFields(bad)).toEqual(['/spec/template/spec/containers/0/imagePulPolicy']);
  });

  it('when a canary strategy field is misspelled, then the strict check names it', () => {
    const bad = structuredClone(rollout);
    bad.spec.strategy.canary.stableServcie = 'x';
    expect(unknownFields(bad)).toEqual(['/spec/strategy/canary/stableServcie']);
  });

  it('when a field has the wrong type, then schema validation reports its path', () => {
    const bad = structuredClone(rollout);
    bad.spec.strategy.canary.steps[0].setWeight = '25';
    expect(schemaErrors(bad)).toEqual(['/spec/strategy/canary/steps/0/setWeight: must be integer']);
  });

  it('when a kind has no schema, then it is an error rather than silently skipped', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([
      '/: no schema for example.com/v1/Widget',
    ]);
  });
});
