import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { DashboardFile } from './sample-api-props.js';

/** Props of {@link GrafanaDashboards}. */
export interface GrafanaDashboardsProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels kube-prometheus-stack's Grafana sidecar picks up (`grafana_dashboard: "1"`). */
  readonly sidecarLabels: Readonly<Record<string, string>>;
  readonly dashboards: readonly DashboardFile[];
}

/** One ConfigMap per dashboard, labelled for the Grafana sidecar. */
export class GrafanaDashboards extends Construct {
  readonly configMapNames: string[] = [];

  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    for (const dashboard of props.dashboards) {
      if (!/^[a-z0-9][a-z0-9-]*\.json$/.test(dashboard.fileName)) {
        throw new Error(
          `dashboard file name ${dashboard.fileName} must be lower-case kebab-case ending in .json`,
        );
      }
      JSON.parse(dashboard.json);
      const name = `${props.name}-dashboard-${dashboard.fileName.replace(/\.json$/, '')}`;
      new kplus.ConfigMap(this, name, {
        metadata: { name, namespace: props.namespace, labels: { ...props.labels, ...props.sidecarLabels } },
        data: { [dashboard.fileName]: dashboard.json },
      });
      this.configMapNames.push(name);
    }
  }
}
