import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject, type Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { durationString } from '../rollouts/promql/duration.js';
import { APP_CONTRACT } from './app-contract.js';

/** Props of {@link AppServiceMonitor}. */
export interface AppServiceMonitorProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the object, including the ones Prometheus selects ServiceMonitors by (`release`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the one metrics Service to scrape. */
  readonly serviceSelector: Readonly<Record<string, string>>;
  /** Name of the Service port to scrape. */
  readonly portName: string;
  readonly interval: Duration;
  /**
   * Pod labels Prometheus copies onto every series of the target. The API's
   * analysis queries filter on `rollouts-pod-template-hash` and `role`
   * (POD_TARGET_LABELS); a plain Deployment has neither, so it passes
   * none. Empty: the field is left out.
   */
  readonly podTargetLabels: readonly string[];
}

/**
 * Scrapes one metrics Service of the chart on {@link APP_CONTRACT}.metricsPath:
 * the API's (copying its pods' `rollouts-pod-template-hash` and `role` labels
 * onto every series, which the analysis queries filter on) or the registry's.
 */
export class AppServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceMonitorProps) {
    super(scope, id);
    const spec: IServiceMonitor['spec'] = {
      selector: { matchLabels: { ...props.serviceSelector } },
      namespaceSelector: { matchNames: [props.namespace] },
      ...(props.podTargetLabels.length > 0 ? { podTargetLabels: [...props.podTargetLabels] } : {}),
      endpoints: [
        { port: props.portName, path: APP_CONTRACT.metricsPath, interval: durationString(props.interval) },
      ],
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec,
    });
  }
}
