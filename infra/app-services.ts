import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { APP_CONTRACT } from './app-contract.js';

/** Props of {@link AppServices}. */
export interface AppServicesProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the API pods (stable and canary alike). */
  readonly podSelector: Readonly<Record<string, string>>;
}

/**
 * The Services of sample-api:
 * - `<name>`: every API pod, so in replica-weighted mode traffic splits by pod count;
 * - `<name>-stable` / `<name>-canary`: the Rollout adds the pod-template hash to their selectors;
 * - `<name>-metrics`: headless, every pod exactly once on the management port, the only Service the
 *   ServiceMonitor selects (stable and canary select the same pods after promotion, which would
 *   scrape them twice).
 */
export class AppServices extends Construct {
  readonly rootName: string;
  readonly stableName: string;
  readonly canaryName: string;
  readonly metricsName: string;
  /** Labels that mark the metrics Service for the ServiceMonitor. */
  readonly metricsServiceLabels: Record<string, string>;
  /** Port of the API Services (the container port is {@link APP_CONTRACT}.port). */
  static readonly PORT = 80;

  constructor(scope: Construct, id: string, props: AppServicesProps) {
    super(scope, id);
    this.rootName = props.name;
    this.stableName = `${props.name}-stable`;
    this.canaryName = `${props.name}-canary`;
    this.metricsName = `${props.name}-metrics`;
    this.metricsServiceLabels = { ...props.labels, 'app.kubernetes.io/component': 'metrics' };
    const http = { name: APP_CONTRACT.portName, port: AppServices.PORT, targetPort: APP_CONTRACT.port };
    for (const [cid, name] of [
      ['Root', this.rootName],
      ['Stable', this.stableName],
      ['Canary', this.canaryName],
    ] as const) {
      this.service(cid, name, { ...props.labels, 'app.kubernetes.io/component': 'api' }, props, {
        ports: [http],
      });
    }
    const { managementPort, managementPortName } = APP_CONTRACT;
    this.service('Metrics', this.metricsName, this.metricsServiceLabels, props, {
      clusterIP: 'None',
      ports: [{ name: managementPortName, port: managementPort, targetPort: managementPort }],
    });
  }

  private service(
    id: string,
    name: string,
    labels: Record<string, string>,
    props: AppServicesProps,
    spec: Pick<kplus.ServiceProps, 'ports' | 'clusterIP'>,
  ): void {
    const svc = new kplus.Service(this, id, {
      metadata: { name, namespace: props.namespace, labels },
      ...spec,
    });
    for (const [k, v] of Object.entries(props.podSelector)) svc.selectLabel(k, v);
  }
}
