import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { APP_CONTRACT } from './app-contract.js';

/** Props of {@link AppNetworkPolicy}. */
export interface AppNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods the policy protects. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** Namespace of the ingress controller. */
  readonly ingressControllerNamespace: string;
  /** Namespace of Prometheus. */
  readonly prometheusNamespace: string;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Admits traffic to the API port only from pods of the same namespace and the
 * ingress controller, and to the management port (probes, /metrics) only from
 * Prometheus; the kubelet's probes come from the node, which network policies
 * do not filter. Egress is left open (DNS, upstreams).
 */
export class AppNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    const spec: INetworkPolicy['spec'] = {
      podSelector: { matchLabels: { ...props.podSelector } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: {} },
            {
              namespaceSelector: {
                matchLabels: { [NAMESPACE_NAME_LABEL]: props.ingressControllerNamespace },
              },
            },
          ],
          ports: [{ port: APP_CONTRACT.port, protocol: 'TCP' }],
        },
        {
          from: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.prometheusNamespace } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
            },
          ],
          ports: [{ port: APP_CONTRACT.managementPort, protocol: 'TCP' }],
        },
      ],
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
