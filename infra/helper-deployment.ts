import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { buildPodTemplate, type PodTemplateProps } from './pod-template.js';

/** Props of {@link helperDeployment}: the same image in another role, beside the Rollout. */
export interface HelperDeploymentProps
  extends Pick<PodTemplateProps, 'image' | 'resources' | 'serviceAccountName' | 'terminationGracePeriod'> {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly env: readonly IEnvVar[];
}

/**
 * One replica of the service image in a helper role (load generator, registry), with the
 * Rollout's pod template and posture, rolled with surge only so it is never absent.
 */
export function helperDeployment(scope: Construct, props: HelperDeploymentProps): ApiObject {
  const template = buildPodTemplate({
    labels: props.podLabels,
    image: props.image,
    env: props.env,
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
  return new ApiObject(scope, 'Resource', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec,
  });
}
