import type { Duration, Size } from 'cdk8s';
import type { MeasurementPolicy } from '../rollouts/prometheus-analysis-template.js';

/** How traffic is split between stable and canary pods. */
export type TrafficMode = 'replicas' | 'nginx';

/** The fault profile baked into the pod template: changing it ships a new (bad) version. */
export interface FaultProfile {
  /** FAULT_ERROR_RATE, 0..1. @default 0 */
  readonly errorRate: number;
  /** FAULT_ERROR_STATUS. @default 500 */
  readonly errorStatus: number;
  /** FAULT_LATENCY_MS. @default 0 */
  readonly latencyMs: number;
  /** FAULT_LATENCY_JITTER_MS. @default 0 */
  readonly latencyJitterMs: number;
}

/** Where ADMIN_TOKEN comes from: a Secret the chart creates (minikube), or an existing one (production). */
export interface AdminSecretProps {
  /** Create Secret `<name>-admin` with this token. Never for production: it lands in dist/. */
  readonly createWithToken?: string;
  /** Name of an existing Secret with key ADMIN_TOKEN. */
  readonly existingSecretName?: string;
}

/** Traffic routing. */
export interface TrafficProps {
  /** `replicas`: weight by pod count; `nginx`: ingress-nginx splits by weight. @default 'replicas' */
  readonly mode: TrafficMode;
  /** IngressClass of the stable Ingress (nginx mode). @default 'nginx' */
  readonly ingressClassName: string;
  /** Ingress host; unset matches any host, which the in-cluster load generator needs. @default undefined */
  readonly host?: string;
  /** The ingress controller's in-cluster URL (load generator target in nginx mode). @default 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local' */
  readonly controllerUrl: string;
  /** Namespace of the ingress controller, admitted by the NetworkPolicy. @default 'ingress-nginx' */
  readonly controllerNamespace: string;
}

/** Canary steps. */
export interface CanaryProps {
  /** Canary weights (percent), each followed by a pause and analysis. @default [25, 50] */
  readonly weights: readonly number[];
  /** Pause after each weight before analysis. @default Duration.seconds(30) */
  readonly pauseBeforeAnalysis: Duration;
  /** Aborted canary pods stay this long (traffic-routed mode). @default Duration.seconds(30) */
  readonly abortScaleDownDelay: Duration;
  /** Old ReplicaSets kept. @default 3 */
  readonly revisionHistoryLimit: number;
}

/** Analysis thresholds and timing. */
export interface AnalysisProps {
  /** Prometheus as the Argo Rollouts controller reaches it. @default 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090' */
  readonly prometheusAddress: string;
  /** Lowest share of non-5xx business requests. @default 0.95 */
  readonly successRateThreshold: number;
  /** Latency quantile judged. @default 0.95 */
  readonly latencyQuantile: number;
  /** Highest latency at that quantile, seconds, a bucket bound. @default 0.5 */
  readonly latencyThresholdSeconds: number;
  /** `rate()` window; at least 4× the scrape interval. @default Duration.minutes(1) */
  readonly window: Duration;
  /** Measurement policy of both templates. @default every 20s, 4 times, after 1m; 1 failure, 1 inconclusive, 2 consecutive errors tolerated */
  readonly policy: MeasurementPolicy;
}

/** kube-prometheus-stack wiring. */
export interface MonitoringProps {
  /** Namespace of Prometheus and Grafana. @default 'monitoring' */
  readonly namespace: string;
  /** Labels the Prometheus `serviceMonitorSelector` wants. @default { release: 'kube-prometheus-stack' } */
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  /** Scrape interval. @default Duration.seconds(15) */
  readonly scrapeInterval: Duration;
  /** Label the Grafana sidecar picks dashboards by. @default { grafana_dashboard: '1' } */
  readonly dashboardLabels: Readonly<Record<string, string>>;
}

/** Container resources. */
export interface ResourceProps {
  /** @default 50 */
  readonly cpuRequestMillis: number;
  /** @default 500 */
  readonly cpuLimitMillis: number;
  /** @default 96 */
  readonly memoryRequestMiB: number;
  /** @default 256 */
  readonly memoryLimitMiB: number;
}

/** The load generator that keeps the canary busy so analysis has data. */
export interface LoadGeneratorProps {
  /** @default true on minikube, false in production */
  readonly enabled: boolean;
  /** LOADGEN_RATE_PER_SECOND. @default 10 */
  readonly ratePerSecond: number;
  /** LOADGEN_PATHS. @default ['/api/info', '/api/version'] */
  readonly paths: readonly string[];
}

/** Optional HorizontalPodAutoscaler targeting the Rollout. */
export interface AutoscalingProps {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilisation, percent of the request. */
  readonly cpuUtilization: number;
}

/** A Grafana dashboard shipped as a ConfigMap. */
export interface DashboardFile {
  /** File name, e.g. `canary.json`. */
  readonly fileName: string;
  /** Dashboard JSON text. */
  readonly json: string;
}

/** Graceful shutdown; the grace period is derived from these. */
export interface ShutdownProps {
  /** SHUTDOWN_DRAIN_DELAY_MS. @default Duration.seconds(5) */
  readonly drainDelay: Duration;
  /** SHUTDOWN_TIMEOUT_MS. @default Duration.seconds(10) */
  readonly timeout: Duration;
  /** Added on top of drain + timeout for terminationGracePeriodSeconds. @default Duration.seconds(5) */
  readonly margin: Duration;
}

/** Where the items API's PostgreSQL comes from. */
export interface DatabaseProps {
  /**
   * Run a development PostgreSQL in the namespace (StatefulSet, Service,
   * Secret) and give the API pods DATABASE_URL from its Secret. Never in
   * production: its password is in dist/. @default true on minikube, false in production
   */
  readonly devServer: boolean;
  /** The dev server's image, an official alpine PostgreSQL (runs as uid 70). @default 'postgres:17-alpine' */
  readonly devImage: string;
  /** The dev server's data volume claim. @default Size.gibibytes(1) */
  readonly devStorage: Size;
  /**
   * An existing Secret with key DATABASE_URL (an external PostgreSQL). With
   * neither this nor the dev server, each pod runs PGlite in-process, which
   * needs about 1 GiB while it initialises. @default 'sample-api-database' in production
   */
  readonly existingSecretName?: string;
}

/** The service registry: the same image in SERVICE_ROLE=registry, which API pods register with. */
export interface RegistryProps {
  /**
   * Run the registry (Deployment and Service) and give API pods REGISTRY_URL,
   * POD_IP and SERVICE_TOKEN (key SERVICE_TOKEN of the admin Secret, optional:
   * without it the registry's writes are open inside the namespace).
   * @default true on minikube, false in production
   */
  readonly enabled: boolean;
}

/** Every prop of the sample-api chart; presets fill them all. */
export interface SampleApiProps {
  /** Object name prefix. @default 'sample-api' */
  readonly name: string;
  /** @default 'canary-lab' */
  readonly namespace: string;
  /** Emit the Namespace object. @default true on minikube */
  readonly createNamespace: boolean;
  /** Bare image name, exactly `build.artifacts[].image` of skaffold.yaml. @default 'sample-api' */
  readonly image: string;
  /** Initial replicas. @default 2 */
  readonly replicas: number;
  readonly resources: ResourceProps;
  /** Extra configuration (env name → value) for the ConfigMap; names must exist in app/config/schema.ts. */
  readonly config: Readonly<Record<string, string>>;
  readonly faults: FaultProfile;
  readonly shutdown: ShutdownProps;
  readonly adminSecret: AdminSecretProps;
  readonly traffic: TrafficProps;
  readonly canary: CanaryProps;
  readonly analysis: AnalysisProps;
  readonly monitoring: MonitoringProps;
  readonly loadGenerator: LoadGeneratorProps;
  /** PodDisruptionBudget maxUnavailable. @default 1 */
  readonly maxUnavailable: number;
  /** HPA; unset means none. @default undefined */
  readonly autoscaling?: AutoscalingProps;
  /** Dashboards for Grafana's sidecar. @default [] */
  readonly dashboards: readonly DashboardFile[];
  readonly database: DatabaseProps;
  readonly registry: RegistryProps;
}
