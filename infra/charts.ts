import type { App } from 'cdk8s';
import { minikubeNginxPreset, minikubePreset, productionPreset } from './presets.js';
import { SampleApiChart } from './sample-api-chart.js';
import type { DashboardFile } from './sample-api-props.js';

/** Chart ids, which are also the dist/ file names (`<id>.k8s.yaml`). */
export const CHART_IDS = {
  minikube: 'sample-api-minikube',
  minikubeNginx: 'sample-api-minikube-nginx',
  production: 'sample-api-production',
} as const;

/** Adds every chart of the bundle to `app`: one per preset. */
export function addCharts(app: App, dashboards: readonly DashboardFile[]): SampleApiChart[] {
  return [
    new SampleApiChart(app, CHART_IDS.minikube, { ...minikubePreset(), dashboards }),
    new SampleApiChart(app, CHART_IDS.minikubeNginx, { ...minikubeNginxPreset(), dashboards }),
    new SampleApiChart(app, CHART_IDS.production, { ...productionPreset(), dashboards }),
  ];
}
