import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { APP_CONTRACT } from './app-contract.js';
import type { ResourceProps } from './sample-api-props.js';

/** Props of {@link buildPodTemplate}. */
export interface PodTemplateProps {
  readonly labels: Readonly<Record<string, string>>;
  readonly image: string;
  /** Environment set on the pod template (order kept: the README patches FAULT_ERROR_RATE by index). */
  readonly env: readonly IEnvVar[];
  /** ConfigMap whose keys become environment variables. */
  readonly configMapName?: string;
  readonly resources: ResourceProps;
  readonly serviceAccountName: string;
  readonly terminationGracePeriod: Duration;
  /** Spread pods with these labels across nodes. */
  readonly spreadLabels: Readonly<Record<string, string>>;
  /** Pod labels whose values split the spread into groups (one per ReplicaSet). */
  readonly spreadMatchLabelKeys: readonly string[];
}

const CDK8S_ADDR_LABEL = 'cdk8s.io/metadata.addr';

/**
 * The hardened pod template of sample-api, in both its roles. cdk8s-plus has
 * no pod-template construct, so a Deployment is built in a scratch chart that
 * is never synthesized and its template is read back as JSON; the cdk8s
 * address label it adds is removed (it is not ours to select on).
 */
export function buildPodTemplate(props: PodTemplateProps): IPodTemplateSpec {
  const scratch = new Chart(new App(), 'scratch');
  const { port, portName, managementPort, managementPortName, uid, probes } = APP_CONTRACT;
  // On the management port: answered by the app's worker thread, never queued behind API traffic.
  const probe = (path: string, opts: kplus.HttpGetProbeOptions) =>
    kplus.Probe.fromHttpGet(path, { port: managementPort, ...opts });
  const tmp = kplus.Volume.fromEmptyDir(scratch, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
  const { resources: r } = props;
  const deployment = new kplus.Deployment(scratch, 'pod', {
    select: false,
    podMetadata: { labels: { ...props.labels } },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(scratch, 'sa', props.serviceAccountName),
    automountServiceAccountToken: false,
    terminationGracePeriod: props.terminationGracePeriod,
    securityContext: {
      ensureNonRoot: true,
      user: uid,
      group: uid,
      fsGroup: uid,
      fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
    },
    containers: [
      {
        name: 'sample-api',
        image: props.image,
        // kplus defaults to Always, which breaks images loaded straight into minikube.
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [
          { number: port, name: portName },
          { number: managementPort, name: managementPortName },
        ],
        envFrom: props.configMapName
          ? [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(scratch, 'cm', props.configMapName))]
          : [],
        // Explicit requests and limits replace kplus's defaults.
        resources: {
          cpu: { request: kplus.Cpu.millis(r.cpuRequestMillis), limit: kplus.Cpu.millis(r.cpuLimitMillis) },
          memory: { request: Size.mebibytes(r.memoryRequestMiB), limit: Size.mebibytes(r.memoryLimitMiB) },
        },
        securityContext: {
          ensureNonRoot: true,
          user: uid,
          group: uid,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        // 503 until initialisation is done: up to 60 s.
        startup: probe(probes.startup, { periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
        // 503 while starting, draining or switched off.
        readiness: probe(probes.readiness, {
          periodSeconds: Duration.seconds(5),
          failureThreshold: 2,
          timeoutSeconds: Duration.seconds(2),
        }),
        // Never checks dependencies: only a wedged process restarts.
        liveness: probe(probes.liveness, {
          periodSeconds: Duration.seconds(10),
          failureThreshold: 3,
          timeoutSeconds: Duration.seconds(2),
        }),
        volumeMounts: [{ path: '/tmp', volume: tmp }],
      },
    ],
  });
  const template = (ApiObject.of(deployment).toJson() as { spec: { template: IPodTemplateSpec } }).spec
    .template;
  delete template.metadata?.labels?.[CDK8S_ADDR_LABEL];
  const podSpec = template.spec!;
  const container = podSpec.containers[0]!;
  container.env = props.env.map((e) => ({ ...e }));
  podSpec.securityContext = { ...podSpec.securityContext, seccompProfile: { type: 'RuntimeDefault' } };
  podSpec.topologySpreadConstraints = [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...props.spreadLabels } },
      matchLabelKeys: [...props.spreadMatchLabelKeys],
    },
  ];
  return template;
}
