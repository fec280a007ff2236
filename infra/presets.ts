import { Duration, Size } from 'cdk8s';
import type { SampleApiProps } from './sample-api-props.js';

const shared: Omit<
  SampleApiProps,
  'createNamespace' | 'config' | 'adminSecret' | 'traffic' | 'loadGenerator'
> = {
  name: 'sample-api',
  namespace: 'canary-lab',
  image: 'sample-api',
  replicas: 2,
  resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMiB: 96, memoryLimitMiB: 256 },
  faults: { errorRate: 0, errorStatus: 500, latencyMs: 0, latencyJitterMs: 0 },
  shutdown: { drainDelay: Duration.seconds(5), timeout: Duration.seconds(10), margin: Duration.seconds(5) },
  canary: {
    weights: [25, 50],
    pauseBeforeAnalysis: Duration.seconds(30),
    abortScaleDownDelay: Duration.seconds(30),
    revisionHistoryLimit: 3,
  },
  analysis: {
    prometheusAddress: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
    successRateThreshold: 0.95,
    latencyQuantile: 0.95,
    latencyThresholdSeconds: 0.5,
    window: Duration.minutes(1),
    policy: {
      interval: Duration.seconds(20),
      count: 4,
      initialDelay: Duration.minutes(1),
      failureLimit: 1,
      inconclusiveLimit: 1,
      consecutiveErrorLimit: 2,
    },
  },
  monitoring: {
    namespace: 'monitoring',
    serviceMonitorLabels: { release: 'kube-prometheus-stack' },
    scrapeInterval: Duration.seconds(15),
    dashboardLabels: { grafana_dashboard: '1' },
  },
  maxUnavailable: 1,
  dashboards: [],
  database: { devServer: false, devImage: 'postgres:17-alpine', devStorage: Size.gibibytes(1) },
  registry: { enabled: false },
};

const nginxTraffic = {
  ingressClassName: 'nginx',
  controllerUrl: 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local',
  controllerNamespace: 'ingress-nginx',
} as const;

/**
 * minikube: replica-weighted canary (no addon needed), a demo admin token,
 * the load generator on, demo endpoints on.
 */
export function minikubePreset(): SampleApiProps {
  return {
    ...shared,
    createNamespace: true,
    config: { APP_ENV: 'minikube', LOG_LEVEL: 'info', DEMO_ENABLED: 'true' },
    adminSecret: { createWithToken: 'canary-lab-minikube-only' },
    traffic: { mode: 'replicas', ...nginxTraffic },
    loadGenerator: { enabled: true, ratePerSecond: 10, paths: ['/api/info', '/api/version'] },
    database: { ...shared.database, devServer: true },
    registry: { enabled: true },
  };
}

/** minikube with the ingress addon: NGINX splits traffic by weight; the load generator goes through it. */
export function minikubeNginxPreset(): SampleApiProps {
  const base = minikubePreset();
  return { ...base, traffic: { ...base.traffic, mode: 'nginx' } };
}

/**
 * production: NGINX traffic routing on a real host, stricter thresholds and a
 * slower canary, an HPA, an existing Secret, no load generator (real traffic),
 * no demo endpoints.
 */
export function productionPreset(): SampleApiProps {
  return {
    ...shared,
    createNamespace: false,
    replicas: 3,
    resources: { cpuRequestMillis: 200, cpuLimitMillis: 1000, memoryRequestMiB: 192, memoryLimitMiB: 384 },
    config: { APP_ENV: 'production', LOG_LEVEL: 'info', DEMO_ENABLED: 'false' },
    adminSecret: { existingSecretName: 'sample-api-admin' },
    traffic: { mode: 'nginx', ...nginxTraffic, host: 'sample-api.example.com' },
    canary: {
      ...shared.canary,
      weights: [10, 25, 50],
      pauseBeforeAnalysis: Duration.minutes(2),
      abortScaleDownDelay: Duration.minutes(10),
    },
    analysis: {
      ...shared.analysis,
      successRateThreshold: 0.99,
      latencyQuantile: 0.99,
      latencyThresholdSeconds: 1,
      window: Duration.minutes(5),
      policy: {
        ...shared.analysis.policy,
        interval: Duration.minutes(1),
        count: 5,
        initialDelay: Duration.minutes(5),
      },
    },
    loadGenerator: { enabled: false, ratePerSecond: 10, paths: ['/api/info', '/api/version'] },
    database: { ...shared.database, existingSecretName: 'sample-api-database' },
    autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 },
  };
}
