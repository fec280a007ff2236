import { Chart, type Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { rolloutArgs } from '../rollouts/analysis-args.js';
import { CanaryAnalysis } from '../rollouts/canary-analysis.js';
import { canaryStrategy } from '../rollouts/canary-strategy.js';
import { alertRuleGroups } from '../rollouts/promql/alerts.js';
import { POD_TARGET_LABELS } from '../rollouts/promql/selectors.js';
import { Rollout } from '../rollouts/rollout.js';
import { AlertRules } from './alert-rules.js';
import { ADMIN_TOKEN_KEY, AppConfig } from './app-config.js';
import { APP_CONTRACT } from './app-contract.js';
import { AppServices } from './app-services.js';
import { DATABASE_URL_KEY, DevPostgres } from './dev-postgres.js';
import { DisruptionBudget } from './disruption-budget.js';
import { GrafanaDashboards } from './grafana-dashboards.js';
import { commonLabels, selectorLabels } from './labels.js';
import { LoadGenerator } from './load-generator.js';
import { AppNetworkPolicy } from './network-policy.js';
import { buildPodTemplate } from './pod-template.js';
import { RolloutAutoscaler } from './rollout-autoscaler.js';
import type { SampleApiProps } from './sample-api-props.js';
import { AppServiceMonitor } from './service-monitor.js';
import { registryClientEnv, ServiceRegistry, serviceTokenEnv } from './service-registry.js';
import { StableIngress } from './stable-ingress.js';
import { gracePeriod, validateProps } from './validate-props.js';

/**
 * sample-api and its delivery: the Rollout with its canary analysis, Services,
 * scraping, policies, the load generator and the dashboards' ConfigMaps.
 */
export class SampleApiChart extends Chart {
  readonly props: SampleApiProps;
  readonly services: AppServices;
  readonly rollout: Rollout;
  readonly analysis: CanaryAnalysis;
  readonly alertRules: AlertRules;
  readonly loadGenerator?: LoadGenerator;
  readonly registry?: ServiceRegistry;
  readonly ingress?: StableIngress;
  readonly database?: DevPostgres;

  constructor(scope: Construct, id: string, props: SampleApiProps) {
    super(scope, id, { disableResourceNameHashes: true });
    validateProps(props);
    this.props = props;
    const { name, namespace } = props;
    const labels = commonLabels(name);
    const apiPods = selectorLabels(name, 'api');
    const meta = (suffix = '') => ({ name: `${name}${suffix}`, namespace, labels });

    if (props.createNamespace)
      new kplus.Namespace(this, 'Namespace', { metadata: { name: namespace, labels } });
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: meta(),
      automountToken: false,
    });
    const config = new AppConfig(this, 'Config', {
      name,
      namespace,
      labels,
      config: props.config,
      adminSecret: props.adminSecret,
    });
    this.services = new AppServices(this, 'Services', { name, namespace, labels, podSelector: apiPods });

    const grace = gracePeriod(props);
    const { database } = props;
    // DATABASE_URL is chart-managed (validateProps refuses it in config): it comes only from a Secret.
    const databaseSecret = database.devServer ? DevPostgres.nameFor(name) : database.existingSecretName;
    const processEnv: IEnvVar[] = [
      { name: 'PORT', value: String(APP_CONTRACT.port) },
      { name: 'MANAGEMENT_PORT', value: String(APP_CONTRACT.managementPort) },
      { name: 'SHUTDOWN_DRAIN_DELAY_MS', value: String(props.shutdown.drainDelay.toMilliseconds()) },
      { name: 'SHUTDOWN_TIMEOUT_MS', value: String(props.shutdown.timeout.toMilliseconds()) },
    ];
    const registryName = `${name}-registry`;
    const registryUrl = ServiceRegistry.urlFor(registryName, namespace, AppServices.PORT);
    const { faults } = props;
    const template = buildPodTemplate({
      labels: apiPods,
      image: props.image,
      env: [
        // The fault profile first: the README's "bad version" patches env/0 (FAULT_ERROR_RATE).
        { name: 'FAULT_ERROR_RATE', value: String(faults.errorRate) },
        { name: 'FAULT_ERROR_STATUS', value: String(faults.errorStatus) },
        { name: 'FAULT_LATENCY_MS', value: String(faults.latencyMs) },
        { name: 'FAULT_LATENCY_JITTER_MS', value: String(faults.latencyJitterMs) },
        ...processEnv,
        {
          name: 'ADMIN_TOKEN',
          valueFrom: { secretKeyRef: { name: config.secretName, key: ADMIN_TOKEN_KEY } },
        },
        ...(databaseSecret
          ? [
              {
                name: 'DATABASE_URL',
                valueFrom: { secretKeyRef: { name: databaseSecret, key: DATABASE_URL_KEY } },
              },
            ]
          : []),
        ...(props.registry.enabled ? registryClientEnv(registryUrl, config.secretName) : []),
      ],
      configMapName: config.configMapName,
      resources: props.resources,
      serviceAccountName: serviceAccount.name,
      terminationGracePeriod: grace,
      spreadLabels: apiPods,
      spreadMatchLabelKeys: ['rollouts-pod-template-hash'],
    });

    this.analysis = new CanaryAnalysis(this, 'Analysis', {
      namePrefix: name,
      namespace,
      labels,
      prometheusAddress: props.analysis.prometheusAddress,
      successRateThreshold: props.analysis.successRateThreshold,
      latencyQuantile: props.analysis.latencyQuantile,
      latencyThresholdSeconds: props.analysis.latencyThresholdSeconds,
      window: props.analysis.window,
      policy: props.analysis.policy,
    });

    if (props.traffic.mode === 'nginx') {
      this.ingress = new StableIngress(this, 'Ingress', {
        name,
        namespace,
        labels,
        ingressClassName: props.traffic.ingressClassName,
        ...(props.traffic.host !== undefined ? { host: props.traffic.host } : {}),
        serviceName: this.services.stableName,
        servicePortName: APP_CONTRACT.portName,
      });
    }

    this.rollout = new Rollout(this, 'Rollout', {
      name,
      namespace,
      labels,
      selectorLabels: apiPods,
      replicas: props.autoscaling?.minReplicas ?? props.replicas,
      revisionHistoryLimit: props.canary.revisionHistoryLimit,
      template,
      strategy: {
        canary: canaryStrategy({
          stableService: this.services.stableName,
          canaryService: this.services.canaryName,
          traffic: this.ingress ? { mode: 'nginx', stableIngress: this.ingress.name } : { mode: 'replicas' },
          weights: props.canary.weights,
          pauseBeforeAnalysis: props.canary.pauseBeforeAnalysis,
          abortScaleDownDelay: props.canary.abortScaleDownDelay,
          templates: this.analysis.templateNames,
          args: rolloutArgs(this.services.metricsName, namespace),
        }),
      },
    });

    new AppServiceMonitor(this, 'ServiceMonitor', {
      name,
      namespace,
      labels: { ...labels, ...props.monitoring.serviceMonitorLabels },
      serviceSelector: this.services.metricsServiceLabels,
      portName: APP_CONTRACT.managementPortName,
      interval: props.monitoring.scrapeInterval,
      podTargetLabels: POD_TARGET_LABELS,
    });
    // Same release labels as the ServiceMonitor: kube-prometheus-stack selects rules by them too.
    this.alertRules = new AlertRules(this, 'AlertRules', {
      name,
      namespace,
      labels: { ...labels, ...props.monitoring.serviceMonitorLabels },
      groups: alertRuleGroups({
        namespace,
        service: this.services.metricsName,
        successRateThreshold: props.analysis.successRateThreshold,
        latencyQuantile: props.analysis.latencyQuantile,
        latencyThresholdSeconds: props.analysis.latencyThresholdSeconds,
      }),
    });
    new DisruptionBudget(this, 'DisruptionBudget', {
      name,
      namespace,
      labels,
      podSelector: apiPods,
      maxUnavailable: props.maxUnavailable,
    });
    if (props.autoscaling) {
      new RolloutAutoscaler(this, 'Autoscaler', {
        ...props.autoscaling,
        name,
        namespace,
        labels,
        rolloutName: this.rollout.name,
      });
    }
    new AppNetworkPolicy(this, 'NetworkPolicy', {
      name,
      namespace,
      labels,
      podSelector: { 'app.kubernetes.io/name': name },
      ingressControllerNamespace: props.traffic.controllerNamespace,
      prometheusNamespace: props.monitoring.namespace,
    });
    if (database.devServer) {
      this.database = new DevPostgres(this, 'Database', {
        name,
        namespace,
        labels,
        image: database.devImage,
        storage: database.devStorage,
        clientPodSelector: apiPods,
      });
    }

    if (props.loadGenerator.enabled) {
      const targetUrl =
        props.traffic.mode === 'nginx'
          ? props.traffic.controllerUrl
          : `http://${this.services.rootName}.${namespace}.svc.cluster.local:${AppServices.PORT}`;
      this.loadGenerator = new LoadGenerator(this, 'LoadGenerator', {
        name: `${name}-loadgen`,
        namespace,
        labels,
        podLabels: selectorLabels(name, 'loadgen'),
        image: props.image,
        targetUrl,
        paths: props.loadGenerator.paths,
        ratePerSecond: props.loadGenerator.ratePerSecond,
        baseEnv: processEnv,
        resources: { cpuRequestMillis: 20, cpuLimitMillis: 200, memoryRequestMiB: 64, memoryLimitMiB: 128 },
        serviceAccountName: serviceAccount.name,
        terminationGracePeriod: grace,
      });
    }

    if (props.registry.enabled) {
      this.registry = new ServiceRegistry(this, 'Registry', {
        name: registryName,
        namespace,
        labels,
        podLabels: selectorLabels(name, 'registry'),
        image: props.image,
        baseEnv: [...processEnv, serviceTokenEnv(config.secretName)],
        resources: { cpuRequestMillis: 20, cpuLimitMillis: 200, memoryRequestMiB: 64, memoryLimitMiB: 128 },
        serviceAccountName: serviceAccount.name,
        terminationGracePeriod: grace,
        servicePort: AppServices.PORT,
      });
      // The registry's own metrics (registry_*, the dependencies dashboard's registry row); the
      // chart's NetworkPolicy selects its pods by app.kubernetes.io/name and admits Prometheus.
      new AppServiceMonitor(this, 'RegistryServiceMonitor', {
        name: registryName,
        namespace,
        labels: { ...labels, ...props.monitoring.serviceMonitorLabels },
        serviceSelector: selectorLabels(name, 'registry'),
        portName: this.registry.metricsPortName,
        interval: props.monitoring.scrapeInterval,
        podTargetLabels: [],
      });
    }

    new GrafanaDashboards(this, 'Dashboards', {
      name,
      namespace,
      labels,
      sidecarLabels: props.monitoring.dashboardLabels,
      dashboards: props.dashboards,
    });
  }

  /** The grace period the pods get, for tests and docs. */
  get terminationGracePeriod(): Duration {
    return gracePeriod(this.props);
  }
}
