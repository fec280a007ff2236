import { Duration } from 'cdk8s';
import { assertWeights } from '../rollouts/canary-strategy.js';
import { assertBucketBound } from '../rollouts/promql/analysis.js';
import { CHART_MANAGED_ENV, schemaEnvNames } from './app-contract.js';
import { assertDatabaseProps } from './dev-postgres.js';
import type { SampleApiProps } from './sample-api-props.js';

/** terminationGracePeriodSeconds: drain delay + shutdown deadline + margin, so the kubelet never kills mid-drain. */
export function gracePeriod(props: SampleApiProps): Duration {
  const { drainDelay, timeout, margin } = props.shutdown;
  return Duration.millis(drainDelay.toMilliseconds() + timeout.toMilliseconds() + margin.toMilliseconds());
}

/**
 * Throws on a contradictory or impossible combination, naming both values, so
 * a bad prop fails at synth instead of in the cluster.
 */
export function validateProps(props: SampleApiProps): void {
  const { adminSecret, traffic, loadGenerator, analysis, monitoring, autoscaling, shutdown, faults } = props;
  if (adminSecret.createWithToken !== undefined && adminSecret.existingSecretName !== undefined) {
    throw new Error(
      `adminSecret.createWithToken and adminSecret.existingSecretName="${adminSecret.existingSecretName}" contradict: create a Secret or reference one, not both`,
    );
  }
  if (adminSecret.createWithToken === undefined && adminSecret.existingSecretName === undefined) {
    throw new Error('adminSecret needs createWithToken or existingSecretName');
  }
  if (traffic.mode === 'nginx' && loadGenerator.enabled && traffic.host !== undefined) {
    throw new Error(
      `loadGenerator.enabled=true cannot reach traffic.host="${traffic.host}" in traffic.mode="nginx": the load generator sends no Host header; leave traffic.host unset or disable the load generator`,
    );
  }
  const scrape = monitoring.scrapeInterval.toSeconds();
  if (analysis.window.toSeconds() < 4 * scrape) {
    throw new Error(
      `analysis.window=${analysis.window.toSeconds()}s is shorter than 4 × monitoring.scrapeInterval=${scrape}s: rate() would see too few samples`,
    );
  }
  if (analysis.policy.initialDelay.toSeconds() < analysis.window.toSeconds()) {
    throw new Error(
      `analysis.policy.initialDelay=${analysis.policy.initialDelay.toSeconds()}s is shorter than analysis.window=${analysis.window.toSeconds()}s: the first measurement would judge a partly empty window`,
    );
  }
  assertBucketBound(analysis.latencyThresholdSeconds);
  assertWeights(props.canary.weights);
  assertDatabaseProps(props.database, props.resources.memoryLimitMiB);
  if (autoscaling !== undefined && autoscaling.minReplicas > autoscaling.maxReplicas) {
    throw new Error(
      `autoscaling.minReplicas=${autoscaling.minReplicas} exceeds autoscaling.maxReplicas=${autoscaling.maxReplicas}`,
    );
  }
  const floor = autoscaling?.minReplicas ?? props.replicas;
  if (props.maxUnavailable >= floor) {
    throw new Error(
      `maxUnavailable=${props.maxUnavailable} would let a disruption take all ${floor} replicas (replicas/autoscaling.minReplicas=${floor})`,
    );
  }
  if (shutdown.margin.toMilliseconds() <= 0) {
    throw new Error(`shutdown.margin must be positive, got ${shutdown.margin.toMilliseconds()}ms`);
  }
  if (!(faults.errorRate >= 0 && faults.errorRate <= 1))
    throw new Error(`faults.errorRate must be 0..1, got ${faults.errorRate}`);
  const known = schemaEnvNames();
  const managed = new Set<string>(CHART_MANAGED_ENV);
  for (const key of Object.keys(props.config)) {
    if (!known.has(key))
      throw new Error(`config key ${key} is not an environment variable of app/config/schema.ts`);
    if (managed.has(key)) {
      throw new Error(
        `config key ${key}="${props.config[key]}" contradicts the chart, which sets ${key} from its own props`,
      );
    }
  }
}
