import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import {
  DATABASE_URL_KEY,
  PGLITE_MEMORY_MIB,
  POSTGRES_PORT,
  POSTGRES_UID,
} from '../../infra/dev-postgres.js';
import { minikubePreset } from '../../infra/presets.js';
import { SampleApiChart } from '../../infra/sample-api-chart.js';
import type { SampleApiProps } from '../../infra/sample-api-props.js';
import { all, find, type Manifest, selects, synthAll } from './manifests.js';

const charts = synthAll();
const synth = (props: SampleApiProps) => new SampleApiChart(Testing.app(), 'test', props);
const apiEnv = (manifests: Manifest[]) => find(manifests, 'Rollout').spec.template.spec.containers[0].env;

describe('development PostgreSQL in the bundle', () => {
  for (const { chart, manifests } of charts) {
    const enabled = chart.props.database.devServer;

    it(`${chart.node.id}: when database.devServer=${enabled}, then the StatefulSet, Service, Secret and policy are ${enabled ? 'there' : 'absent'}, and DATABASE_URL always comes from a Secret`, () => {
      expect(all(manifests, 'StatefulSet')).toHaveLength(enabled ? 1 : 0);
      const dbEnv = apiEnv(manifests).find((e: { name: string }) => e.name === 'DATABASE_URL');
      expect(dbEnv.valueFrom.secretKeyRef).toEqual({
        name: enabled ? 'sample-api-postgres' : chart.props.database.existingSecretName,
        key: DATABASE_URL_KEY,
      });
    });
    if (!enabled) continue;

    it(`${chart.node.id}: when the API connects, then DATABASE_URL comes from the Secret and names the Service, port and credentials of the StatefulSet`, () => {
      const sts = find(manifests, 'StatefulSet');
      const service = find(manifests, 'Service', sts.spec.serviceName);
      const ref = apiEnv(manifests).find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom
        .secretKeyRef;
      const secret = find(manifests, 'Secret', ref.name);
      expect(ref.key).toBe(DATABASE_URL_KEY);
      const url = new URL(secret.stringData[DATABASE_URL_KEY]);
      expect(url.hostname).toBe(`${service.metadata.name}.${chart.props.namespace}.svc.cluster.local`);
      expect(Number(url.port)).toBe(POSTGRES_PORT);
      expect(decodeURIComponent(url.username)).toBe(secret.stringData.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(secret.stringData.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${secret.stringData.POSTGRES_DB}`);
      // The app's own schema accepts it.
      expect(loadConfig({ DATABASE_URL: url.href }).database.url).toBe(url.href);
      expect(service.spec.clusterIP).toBe('None');
      expect(selects(service.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
      const container = sts.spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
      expect(container.ports[0]).toMatchObject({
        name: service.spec.ports[0].targetPort,
        containerPort: POSTGRES_PORT,
      });
    });

    it(`${chart.node.id}: when PostgreSQL writes, then PGDATA lies on the claimed volume, owned through fsGroup ${POSTGRES_UID}`, () => {
      const sts = find(manifests, 'StatefulSet');
      const pod = sts.spec.template.spec;
      const container = pod.containers[0];
      const claim = sts.spec.volumeClaimTemplates[0];
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === claim.metadata.name);
      const pgdata = container.env.find((e: { name: string }) => e.name === 'PGDATA').value;
      expect(pgdata.startsWith(`${mount.mountPath}/`)).toBe(true);
      expect(claim.spec.resources.requests.storage).toBe('1024Mi');
      expect(pod.securityContext).toMatchObject({ runAsUser: POSTGRES_UID, fsGroup: POSTGRES_UID });
      // A read-only root needs the socket directory writable.
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain(
        '/var/run/postgresql',
      );
    });

    it(`${chart.node.id}: when anything connects to PostgreSQL, then only the API pods are admitted, and the API's own policy does not select the database`, () => {
      const sts = find(manifests, 'StatefulSet');
      const policies = all(manifests, 'NetworkPolicy');
      const dbPolicy = policies.find((p) =>
        selects(p.spec.podSelector.matchLabels, sts.spec.template.metadata.labels),
      );
      expect(dbPolicy?.spec.ingress).toEqual([
        {
          from: [{ podSelector: { matchLabels: find(manifests, 'Rollout').spec.selector.matchLabels } }],
          ports: [{ port: POSTGRES_PORT, protocol: 'TCP' }],
        },
      ]);
      expect(
        policies.filter((p) => selects(p.spec.podSelector.matchLabels, sts.spec.template.metadata.labels)),
      ).toHaveLength(1);
    });
  }

  it('when the production preset is synthesized, then it runs no database and reads DATABASE_URL from an existing Secret', () => {
    const production = charts.find(({ chart }) => chart.node.id.includes('production'));
    expect(production?.chart.props.database).toMatchObject({
      devServer: false,
      existingSecretName: 'sample-api-database',
    });
    expect(all(production?.manifests ?? [], 'Secret').map((m) => m.metadata.name)).not.toContain(
      'sample-api-database',
    );
  });

  it('when the database props contradict each other or starve PGlite, then the chart refuses them naming both values', () => {
    const props = minikubePreset();
    expect(() => synth({ ...props, database: { ...props.database, existingSecretName: 'mine' } })).toThrow(
      'database.devServer=true and database.existingSecretName="mine" contradict',
    );
    const pglite = { ...props, database: { ...props.database, devServer: false } };
    expect(() => synth(pglite)).toThrow(
      `needs ${PGLITE_MEMORY_MIB} MiB; resources.memoryLimitMiB=${props.resources.memoryLimitMiB} would be OOM-killed`,
    );
    const roomy = { ...pglite, resources: { ...props.resources, memoryLimitMiB: PGLITE_MEMORY_MIB } };
    const manifests = Testing.synth(synth(roomy)) as Manifest[];
    expect(apiEnv(manifests).find((e: { name: string }) => e.name === 'DATABASE_URL')).toBeUndefined();
  });
});
