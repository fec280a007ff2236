import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { buildPodTemplate, type PodTemplateProps } from './pod-template.js';

/** Props of {@link LoadGenerator}. */
export interface LoadGeneratorConstructProps
  extends Pick<PodTemplateProps, 'image' | 'resources' | 'serviceAccountName' | 'terminationGracePeriod'> {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** LOADGEN_TARGET_URL: where the traffic goes. */
  readonly targetUrl: string;
  readonly paths: readonly string[];
  readonly ratePerSecond: number;
  /** Env both roles share (shutdown timings, port). */
  readonly baseEnv: readonly IEnvVar[];
}

/**
 * The same image in `SERVICE_ROLE=loadgen`: a steady request stream so a
 * canary on an idle cluster still has data to be judged on. It serves
 * /health/* and /metrics too, so it carries the same probes.
 */
export class LoadGenerator extends Construct {
  readonly name: string;
  readonly targetUrl: string;

  constructor(scope: Construct, id: string, props: LoadGeneratorConstructProps) {
    super(scope, id);
    this.name = props.name;
    this.targetUrl = props.targetUrl;
    const template = buildPodTemplate({
      labels: props.podLabels,
      image: props.image,
      env: [
        { name: 'SERVICE_ROLE', value: 'loadgen' },
        { name: 'LOADGEN_TARGET_URL', value: props.targetUrl },
        { name: 'LOADGEN_PATHS', value: props.paths.join(',') },
        { name: 'LOADGEN_RATE_PER_SECOND', value: String(props.ratePerSecond) },
        ...props.baseEnv,
      ],
      resources: props.resources,
      serviceAccountName: props.serviceAccountName,
      terminationGracePeriod: props.terminationGracePeriod,
      spreadLabels: props.podLabels,
      spreadMatchLabelKeys: ['pod-template-hash'],
    });
    const spec: IDeployment['spec'] = {
      replicas: 1,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { ...props.podLabels } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template,
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
