import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngressRule } from 'kubernetes-models/networking.k8s.io/v1/IngressRule';

/** Props of {@link StableIngress}. */
export interface StableIngressProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ingressClassName: string;
  /** Host to match; unset matches every host. */
  readonly host?: string;
  /** The Rollout's stableService (Argo requires the stable Ingress to point at it). */
  readonly serviceName: string;
  readonly servicePortName: string;
}

/**
 * The Ingress Argo Rollouts names as `stableIngress`; the controller clones it
 * into `<name>-<rollout>-canary` with the canary weight annotations.
 */
export class StableIngress extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: StableIngressProps) {
    super(scope, id);
    this.name = props.name;
    const rule: IIngressRule = {
      ...(props.host !== undefined ? { host: props.host } : {}),
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: props.serviceName, port: { name: props.servicePortName } } },
          },
        ],
      },
    };
    const spec: IIngress['spec'] = { ingressClassName: props.ingressClassName, rules: [rule] };
    new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
