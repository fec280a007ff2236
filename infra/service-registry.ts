import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { APP_CONTRACT } from './app-contract.js';
import { helperDeployment } from './helper-deployment.js';
import type { PodTemplateProps } from './pod-template.js';

/** Props of {@link ServiceRegistry}. */
export interface ServiceRegistryProps
  extends Pick<PodTemplateProps, 'image' | 'resources' | 'serviceAccountName' | 'terminationGracePeriod'> {
  /** Name of the Deployment and its Service. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Env both roles share (port, shutdown timings) and the service token. */
  readonly baseEnv: readonly IEnvVar[];
  /** Port of the Service (the container port is {@link APP_CONTRACT}.port). */
  readonly servicePort: number;
}

/**
 * The same image in `SERVICE_ROLE=registry` (the seeds' PicoAPI master): API
 * pods register with it and it polls their readiness. One replica, because its
 * directory lives in memory; during a rolling update the new pod starts empty
 * and learns every instance again from their periodic re-registration.
 */
export class ServiceRegistry extends Construct {
  readonly name: string;
  /** In-cluster base URL, what API pods get as REGISTRY_URL. */
  readonly url: string;
  /** Labels of the registry Service, which select it alone (its ServiceMonitor matches them). */
  readonly serviceLabels: Readonly<Record<string, string>>;
  /** Name of the Service port that serves `/metrics` (the management port). */
  readonly metricsPortName = APP_CONTRACT.managementPortName;

  /** The in-cluster URL of a registry Service, known before the construct exists (API pods' env names it). */
  static urlFor(name: string, namespace: string, port: number): string {
    return `http://${name}.${namespace}.svc.cluster.local:${port}`;
  }

  constructor(scope: Construct, id: string, props: ServiceRegistryProps) {
    super(scope, id);
    this.name = props.name;
    this.url = ServiceRegistry.urlFor(props.name, props.namespace, props.servicePort);
    helperDeployment(this, {
      ...props,
      env: [{ name: 'SERVICE_ROLE', value: 'registry' }, ...props.baseEnv],
    });
    const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.labels } };
    this.serviceLabels = { ...props.labels, ...props.podLabels };
    const service = new kplus.Service(this, 'Service', {
      metadata: { ...metadata, labels: { ...this.serviceLabels } },
      ports: [
        { name: APP_CONTRACT.portName, port: props.servicePort, targetPort: APP_CONTRACT.port },
        {
          name: this.metricsPortName,
          port: APP_CONTRACT.managementPort,
          targetPort: APP_CONTRACT.managementPort,
        },
      ],
    });
    for (const [k, v] of Object.entries(props.podLabels)) service.selectLabel(k, v);
  }
}

/** The key of SERVICE_TOKEN in the admin Secret; optional, so a Secret without it leaves the token empty. */
export const SERVICE_TOKEN_KEY = 'SERVICE_TOKEN';

/** SERVICE_TOKEN for both sides of the registry, from the chart's admin Secret. */
export function serviceTokenEnv(secretName: string): IEnvVar {
  return {
    name: 'SERVICE_TOKEN',
    valueFrom: { secretKeyRef: { name: secretName, key: SERVICE_TOKEN_KEY, optional: true } },
  };
}

/** What an API pod needs to register itself: where the registry is, its own IP to advertise, the token. */
export function registryClientEnv(registryUrl: string, secretName: string): IEnvVar[] {
  return [
    { name: 'REGISTRY_URL', value: registryUrl },
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    serviceTokenEnv(secretName),
  ];
}
