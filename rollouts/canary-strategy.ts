import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { Duration } from 'cdk8s';
import type { RolloutArg } from './analysis-args.js';
import { durationString } from './promql/duration.js';
import { ROLE_POD_LABEL } from './promql/selectors.js';

type CanaryStrategySpec = NonNullable<NonNullable<IRollout['spec']['strategy']>['canary']>;
type CanaryStep = NonNullable<CanaryStrategySpec['steps']>[number];

/** How traffic reaches the canary. */
export type TrafficRouting =
  /** Replica-weighted: the share of pods behind a Service that selects all of them (bare minikube). */
  | { readonly mode: 'replicas' }
  /** NGINX ingress: the controller splits traffic by weight through a canary Ingress it creates. */
  | { readonly mode: 'nginx'; readonly stableIngress: string };

/** Props of {@link canaryStrategy}. */
export interface CanaryStrategyProps {
  readonly stableService: string;
  readonly canaryService: string;
  readonly traffic: TrafficRouting;
  /** Canary weights in percent, strictly increasing, each followed by a pause and an analysis step. */
  readonly weights: readonly number[];
  /** Pause after each weight before its analysis starts, so the canary is serving. */
  readonly pauseBeforeAnalysis: Duration;
  /** AnalysisTemplate names run at each analysis step. */
  readonly templates: readonly string[];
  readonly args: readonly RolloutArg[];
  /** How long aborted canary pods stay up (traffic-routed mode) for debugging. */
  readonly abortScaleDownDelay: Duration;
}

/** Throws unless the weights are strictly increasing integers within 1..99. */
export function assertWeights(weights: readonly number[]): void {
  if (weights.length === 0) throw new Error('canary weights must not be empty');
  weights.forEach((w, i) => {
    const previous = i === 0 ? 0 : (weights[i - 1] as number);
    if (!Number.isInteger(w) || w <= previous || w >= 100) {
      throw new Error(
        `canary weight ${w} must be an integer above ${previous} and below 100 (weights ${weights.join(', ')})`,
      );
    }
  });
}

/**
 * The canary strategy: for each weight, setWeight → pause → analysis; full
 * promotion follows the last step. maxUnavailable 0 keeps every stable pod
 * serving until its replacement is ready (old pods killed early cause 5xx).
 */
export function canaryStrategy(props: CanaryStrategyProps): CanaryStrategySpec {
  assertWeights(props.weights);
  const steps: CanaryStep[] = props.weights.flatMap((weight): CanaryStep[] => [
    { setWeight: weight },
    { pause: { duration: durationString(props.pauseBeforeAnalysis) } },
    {
      analysis: {
        templates: props.templates.map((templateName) => ({ templateName })),
        args: props.args.map((a) => ({ ...a })),
      },
    },
  ]);
  return {
    canaryService: props.canaryService,
    stableService: props.stableService,
    canaryMetadata: { labels: { [ROLE_POD_LABEL]: 'canary' } },
    stableMetadata: { labels: { [ROLE_POD_LABEL]: 'stable' } },
    maxSurge: '25%',
    maxUnavailable: 0,
    dynamicStableScale: false,
    abortScaleDownDelaySeconds: props.abortScaleDownDelay.toSeconds(),
    ...(props.traffic.mode === 'nginx'
      ? { trafficRouting: { nginx: { stableIngress: props.traffic.stableIngress } } }
      : {}),
    steps,
  };
}
