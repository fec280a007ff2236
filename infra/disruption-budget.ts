import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

/** Props of {@link DisruptionBudget}. */
export interface DisruptionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podSelector: Readonly<Record<string, string>>;
  /** Pods a voluntary disruption (node drain) may take at once. */
  readonly maxUnavailable: number;
}

/** A PodDisruptionBudget over every API pod, stable and canary. */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const spec: IPodDisruptionBudget['spec'] = {
      maxUnavailable: props.maxUnavailable,
      selector: { matchLabels: { ...props.podSelector } },
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
