import { describe, expect, it } from 'vitest';
import { APP_CONTRACT } from '../../infra/app-contract.js';
import { POSTGRES_UID } from '../../infra/dev-postgres.js';
import type { Manifest } from './manifests.js';
import { synthAll } from './manifests.js';

/**
 * kube-score-style checks over every pod spec the bundle emits: each returns
 * the problems it finds, so a failure says exactly what is wrong where.
 */
// biome-ignore lint/suspicious/noExplicitAny: pod specs are walked as JSON
type PodSpec = any;
/** The image decides its user: the app's distroless nonroot, or postgres in the official alpine image. */
const imageUid = (s: PodSpec) =>
  String(s.containers[0].image).startsWith('postgres:') ? POSTGRES_UID : APP_CONTRACT.uid;
/** What a probe asks: its handler (HTTP path, command or port), whatever its kind. */
const probeTarget = (p: PodSpec) => JSON.stringify(p.httpGet?.path ?? p.exec ?? p.tcpSocket);
const CHECKS: Record<string, (spec: PodSpec) => string[]> = {
  'runs as the non-root image user': (s) =>
    s.securityContext?.runAsNonRoot === true &&
    s.securityContext.runAsUser === imageUid(s) &&
    s.securityContext.fsGroup === imageUid(s)
      ? []
      : ['pod securityContext'],
  'seccomp RuntimeDefault': (s) =>
    s.securityContext?.seccompProfile?.type === 'RuntimeDefault' ? [] : ['pod seccompProfile'],
  'no service account token': (s) =>
    s.automountServiceAccountToken === false ? [] : ['automountServiceAccountToken'],
  'no host namespaces': (s) => (s.hostNetwork || s.hostPID || s.hostIPC ? ['host namespace'] : []),
  'spread across nodes': (s) =>
    s.topologySpreadConstraints?.length || s.affinity?.podAntiAffinity ? [] : ['no spread'],
  'writable /tmp on an emptyDir': (s) =>
    s.volumes?.some((v: PodSpec) => v.name === 'tmp' && v.emptyDir) ? [] : ['no tmp emptyDir'],
  'hardened containers': (s) =>
    s.containers.flatMap((c: PodSpec) => {
      const sc = c.securityContext ?? {};
      const problems: string[] = [];
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${c.name}: writable root filesystem`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: privilege escalation`);
      if (sc.privileged === true) problems.push(`${c.name}: privileged`);
      if (sc.runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot`);
      if (JSON.stringify(sc.capabilities?.drop) !== '["ALL"]' || sc.capabilities?.add?.length)
        problems.push(`${c.name}: capabilities`);
      if (sc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${c.name}: seccomp`);
      if (!c.volumeMounts?.some((m: PodSpec) => m.mountPath === '/tmp'))
        problems.push(`${c.name}: /tmp not mounted`);
      return problems;
    }),
  'requests and limits': (s) =>
    s.containers.flatMap((c: PodSpec) =>
      ['cpu', 'memory'].flatMap((r) =>
        c.resources?.requests?.[r] && c.resources?.limits?.[r] ? [] : [`${c.name}: ${r} request/limit`],
      ),
    ),
  'three probes': (s) =>
    s.containers.flatMap((c: PodSpec) =>
      c.startupProbe &&
      c.readinessProbe &&
      c.livenessProbe &&
      probeTarget(c.readinessProbe) !== probeTarget(c.livenessProbe)
        ? []
        : [`${c.name}: probes`],
    ),
  'pinned pull policy for local images': (s) =>
    s.containers.flatMap((c: PodSpec) =>
      c.imagePullPolicy === 'IfNotPresent' ? [] : [`${c.name}: imagePullPolicy`],
    ),
};

const workloads = synthAll().flatMap(({ chart, manifests }) =>
  manifests
    .filter((m: Manifest) => m.spec?.template?.spec?.containers)
    .map((m: Manifest) => ({
      name: `${chart.node.id} ${m.kind}/${m.metadata.name}`,
      spec: m.spec.template.spec,
      owner: m,
    })),
);

describe('security and reliability posture of every pod spec', () => {
  it('when the bundle is synthesized, then it has the Rollout and load generator pod specs to check', () => {
    expect(workloads.map((w) => w.name)).toContain('sample-api-minikube Deployment/sample-api-loadgen');
    expect(workloads.filter((w) => w.owner.kind === 'Rollout')).toHaveLength(3);
  });

  for (const w of workloads) {
    for (const [check, run] of Object.entries(CHECKS)) {
      it(`${w.name}: ${check}`, () => expect(run(w.spec)).toEqual([]));
    }
    if (w.owner.kind === 'StatefulSet') {
      // One database pod cannot be replaced without a gap: the dev database accepts it, the API rides it out (503, unready).
      it(`${w.name}: keeps old revisions and replaces its single pod in order`, () => {
        expect(w.owner.spec.revisionHistoryLimit).toBeGreaterThan(0);
        expect(w.owner.spec.replicas).toBe(1);
        expect(w.owner.spec.updateStrategy.type).toBe('RollingUpdate');
      });
      continue;
    }
    it(`${w.name}: keeps old revisions and never drops below desired capacity`, () => {
      expect(w.owner.spec.revisionHistoryLimit).toBeGreaterThan(0);
      const maxUnavailable =
        w.owner.spec.strategy.canary?.maxUnavailable ?? w.owner.spec.strategy.rollingUpdate?.maxUnavailable;
      expect(maxUnavailable).toBe(0);
    });
  }

  it('when a pod spec is weakened, then the checks catch it', () => {
    const weak = structuredClone(workloads[0]!.spec);
    weak.containers[0].securityContext.readOnlyRootFilesystem = false;
    weak.containers[0].securityContext.capabilities = { add: ['NET_ADMIN'] };
    delete weak.containers[0].resources.limits.memory;
    weak.automountServiceAccountToken = true;
    expect(CHECKS['hardened containers']!(weak)).toEqual([
      'sample-api: writable root filesystem',
      'sample-api: capabilities',
    ]);
    expect(CHECKS['requests and limits']!(weak)).toEqual(['sample-api: memory request/limit']);
    expect(CHECKS['no service account token']!(weak)).toEqual(['automountServiceAccountToken']);
  });
});
