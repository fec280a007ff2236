import { Construct } from 'constructs';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { helperDeployment } from './helper-deployment.js';
import type { PodTemplateProps } from './pod-template.js';

/** Props of {@link LoadGenerator}. */
export interface LoadGeneratorConstructProps
  extends Pick<PodTemplateProps, 'image' | 'resources' | 'serviceAccountName' | 'terminationGracePeriod'> {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** LOADGEN_TARGET_URL: where the traffic goes. */
  readonly targetUrl: string;
  readonly paths: readonly string[];
  readonly ratePerSecond: number;
  /** Env both roles share (shutdown timings, port). */
  readonly baseEnv: readonly IEnvVar[];
}

/**
 * The same image in `SERVICE_ROLE=loadgen`: a steady request stream so a
 * canary on an idle cluster still has data to be judged on. It serves
 * /health/* and /metrics too, so it carries the same probes.
 */
export class LoadGenerator extends Construct {
  readonly name: string;
  readonly targetUrl: string;

  constructor(scope: Construct, id: string, props: LoadGeneratorConstructProps) {
    super(scope, id);
    this.name = props.name;
    this.targetUrl = props.targetUrl;
    helperDeployment(this, {
      ...props,
      env: [
        { name: 'SERVICE_ROLE', value: 'loadgen' },
        { name: 'LOADGEN_TARGET_URL', value: props.targetUrl },
        { name: 'LOADGEN_PATHS', value: props.paths.join(',') },
        { name: 'LOADGEN_RATE_PER_SECOND', value: String(props.ratePerSecond) },
        ...props.baseEnv,
      ],
    });
  }
}
