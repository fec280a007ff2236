import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { AutoscalingProps } from './sample-api-props.js';

/** Props of {@link RolloutAutoscaler}. */
export interface RolloutAutoscalerProps extends AutoscalingProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Name of the Rollout to scale (through its scale subresource). */
  readonly rolloutName: string;
}

/** An autoscaling/v2 HPA targeting the Rollout on CPU utilisation. */
export class RolloutAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: RolloutAutoscalerProps) {
    super(scope, id);
    const spec: IHorizontalPodAutoscaler['spec'] = {
      scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: props.rolloutName },
      minReplicas: props.minReplicas,
      maxReplicas: props.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: props.cpuUtilization },
          },
        },
      ],
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
