import { createHash } from 'node:crypto';
import { ApiObject, type Size } from 'cdk8s';
import { Construct } from 'constructs';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { DatabaseProps } from './sample-api-props.js';

/** uid/gid of the `postgres` user in the official alpine images; the data dir must belong to it. */
export const POSTGRES_UID = 70;
export const POSTGRES_PORT = 5432;
/** The Secret key holding the app's connection string. */
export const DATABASE_URL_KEY = 'DATABASE_URL';

/** Props of {@link DevPostgres}. */
export interface DevPostgresProps {
  /** Prefix of the object names (`<name>-postgres`). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** An official PostgreSQL image (alpine flavour: uid 70). */
  readonly image: string;
  /** Size of the data volume claim. */
  readonly storage: Size;
  /** Pods allowed to connect (the API pods). */
  readonly clientPodSelector: Readonly<Record<string, string>>;
}

/**
 * A development PostgreSQL for minikube: one-replica StatefulSet with a data
 * volume claim, a headless Service, a Secret with the app's DATABASE_URL, and
 * a NetworkPolicy that admits only the API pods. The password is derived from
 * the names, not random, so `dist/` stays byte-stable: it is as public as the
 * committed manifests, which is why production presets leave this off.
 */
export class DevPostgres extends Construct {
  readonly serviceName: string;
  readonly secretName: string;

  /** Name of its objects (the Secret among them), known before the construct exists. */
  static nameFor(prefix: string): string {
    return `${prefix}-postgres`;
  }

  constructor(scope: Construct, id: string, props: DevPostgresProps) {
    super(scope, id);
    const name = DevPostgres.nameFor(props.name);
    const podLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'database' };
    const labels = { ...props.labels, ...podLabels };
    const metadata = { name, namespace: props.namespace, labels };
    this.serviceName = name;
    this.secretName = name;
    const user = 'sample_api';
    const password = createHash('sha256')
      .update(`${props.namespace}/${name}/dev-only`)
      .digest('hex')
      .slice(0, 24);
    const host = `${name}.${props.namespace}.svc.cluster.local`;

    new ApiObject(this, 'Secret', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: 'Opaque',
      stringData: {
        POSTGRES_USER: user,
        POSTGRES_PASSWORD: password,
        POSTGRES_DB: user,
        [DATABASE_URL_KEY]: `postgresql://${user}:${password}@${host}:${POSTGRES_PORT}/${user}`,
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      // Headless: the name resolves to the pod, and StatefulSet.serviceName wants one.
      spec: {
        clusterIP: 'None',
        selector: podLabels,
        ports: [{ name: 'postgres', port: POSTGRES_PORT, targetPort: 'postgres', protocol: 'TCP' }],
      },
    });

    const isReady = { exec: { command: ['pg_isready', '-h', '127.0.0.1', '-U', user, '-d', user] } };
    const hardened: ISecurityContext = {
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const spec: IStatefulSet['spec'] = {
      replicas: 1,
      serviceName: this.serviceName,
      revisionHistoryLimit: 3,
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: POSTGRES_UID,
            runAsGroup: POSTGRES_UID,
            // The volume is chowned to the postgres group, so initdb can write PGDATA.
            fsGroup: POSTGRES_UID,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: podLabels },
            },
          ],
          containers: [
            {
              name: 'postgres',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'postgres', containerPort: POSTGRES_PORT, protocol: 'TCP' }],
              envFrom: [{ secretRef: { name: this.secretName } }],
              // A subdirectory: the volume's root holds lost+found, which initdb refuses.
              env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
              securityContext: hardened,
              resources: {
                requests: { cpu: '50m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              startupProbe: { ...isReady, periodSeconds: 2, failureThreshold: 60 },
              readinessProbe: { ...isReady, periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 2 },
              // Liveness only asks whether the port answers: a busy database is not restarted.
              livenessProbe: {
                tcpSocket: { port: POSTGRES_PORT },
                periodSeconds: 10,
                failureThreshold: 3,
                timeoutSeconds: 2,
              },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'run', mountPath: '/var/run/postgresql' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'run', emptyDir: { sizeLimit: '16Mi' } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: `${props.storage.toMebibytes()}Mi` } },
          },
        },
      ],
    };
    new ApiObject(this, 'StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec });

    const policy: INetworkPolicy['spec'] = {
      podSelector: { matchLabels: podLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { ...props.clientPodSelector } } }],
          ports: [{ port: POSTGRES_PORT, protocol: 'TCP' }],
        },
      ],
    };
    new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: policy,
    });
  }
}

/** Memory a pod needs to run PGlite in-process: initdb peaked at 1.07 GiB RSS (measured with `npm start`). */
export const PGLITE_MEMORY_MIB = 1280;

/** Throws when the database props contradict each other or leave pods too small for PGlite. */
export function assertDatabaseProps(database: DatabaseProps, memoryLimitMiB: number): void {
  if (database.devServer && database.existingSecretName !== undefined) {
    throw new Error(
      `database.devServer=true and database.existingSecretName="${database.existingSecretName}" contradict: DATABASE_URL comes from the dev server's Secret or from yours, not both`,
    );
  }
  if (
    !database.devServer &&
    database.existingSecretName === undefined &&
    memoryLimitMiB < PGLITE_MEMORY_MIB
  ) {
    throw new Error(
      `database: neither devServer nor existingSecretName, so every pod runs PGlite, which needs ${PGLITE_MEMORY_MIB} MiB; resources.memoryLimitMiB=${memoryLimitMiB} would be OOM-killed while it starts`,
    );
  }
}
