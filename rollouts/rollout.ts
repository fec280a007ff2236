import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

type RolloutSpec = IRollout['spec'];

/** Props of {@link Rollout}. */
export interface RolloutProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels the Rollout selects its pods by; every one must be on the pod template. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Initial replicas; an HPA, when present, takes over. */
  readonly replicas: number;
  /** Old ReplicaSets kept for `kubectl argo rollouts undo`. @default 3 */
  readonly revisionHistoryLimit?: number;
  /** The pod template, as plain JSON (kept verbatim: no L1 converter drops int-or-string fields). */
  readonly template: IPodTemplateSpec;
  readonly strategy: NonNullable<RolloutSpec['strategy']>;
}

/** An Argo Rollout with an inline pod template. */
export class Rollout extends Construct {
  readonly name: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RolloutProps) {
    super(scope, id);
    const templateLabels = props.template.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(props.selectorLabels)) {
      if (templateLabels[key] !== value) {
        throw new Error(
          `selector label ${key}=${value} is not on the pod template (template has ${key}=${templateLabels[key]})`,
        );
      }
    }
    this.name = props.name;
    const spec: RolloutSpec = {
      replicas: props.replicas,
      revisionHistoryLimit: props.revisionHistoryLimit ?? 3,
      selector: { matchLabels: { ...props.selectorLabels } },
      template: props.template as NonNullable<RolloutSpec['template']>,
      strategy: props.strategy,
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
