import { schema } from '../app/config/schema.js';

/**
 * What the chart knows about sample-api, read from the app's own config schema
 * where possible so the two cannot drift apart.
 */
export const APP_CONTRACT = {
  /** The API's container port (PORT). */
  port: 8080,
  portName: 'http',
  /**
   * MANAGEMENT_PORT: the probes and /metrics, answered by the app's management
   * worker thread, so a saturated pod still answers the kubelet and Prometheus
   * at once (README, "Performance").
   */
  managementPort: 8081,
  managementPortName: 'management',
  /** Non-root uid/gid of the distroless image. */
  uid: 65532,
  probes: { startup: '/health/startup', readiness: '/health/ready', liveness: '/health/live' },
  metricsPath: '/metrics',
} as const;

/** Every environment variable name app/config/schema.ts reads. */
export function schemaEnvNames(): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const env = (node as { env?: unknown }).env;
    if (typeof env === 'string') names.add(env);
    else for (const child of Object.values(node)) walk(child);
  };
  walk(schema);
  return names;
}

/**
 * Env names the chart sets on the pod template itself, never through the
 * ConfigMap: the fault profile and shutdown timings (so changing them starts a
 * canary and the grace period is derived from them), the port, the role, the
 * secret, and the metrics settings the ServiceMonitor and analysis depend on.
 */
export const CHART_MANAGED_ENV = [
  'PORT',
  'SERVICE_ROLE',
  'FAULT_ERROR_RATE',
  'FAULT_ERROR_STATUS',
  'FAULT_LATENCY_MS',
  'FAULT_LATENCY_JITTER_MS',
  'SHUTDOWN_DRAIN_DELAY_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'ADMIN_TOKEN',
  'DATABASE_URL',
  'HOSTNAME',
  'MANAGEMENT_PORT',
  'METRICS_EXCLUDE_INFRA_ROUTES',
  'LOADGEN_TARGET_URL',
  'LOADGEN_PATHS',
  'LOADGEN_RATE_PER_SECOND',
  'REGISTRY_URL',
  'POD_IP',
  'SERVICE_TOKEN',
] as const;
