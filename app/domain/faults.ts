/** What a "bad version" does to business requests. */
export interface FaultProfile {
  /** Share of business requests answered with `errorStatus`, 0..1. */
  readonly errorRate: number;
  readonly errorStatus: number;
  /** Fixed latency added before the handler runs. */
  readonly latencyMs: number;
  /** Uniform random extra latency, 0..latencyJitterMs. */
  readonly latencyJitterMs: number;
}

export const noFaults: FaultProfile = { errorRate: 0, errorStatus: 500, latencyMs: 0, latencyJitterMs: 0 };

/** The decision for one request, drawn from the profile. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly errorStatus: number | undefined;
}

/**
 * The process's fault profile, changed at runtime through /admin/faults. `random`
 * is injected so tests decide the dice.
 */
export class FaultState {
  #profile: FaultProfile;

  constructor(
    initial: FaultProfile = noFaults,
    private readonly random: () => number = Math.random,
  ) {
    this.#profile = initial;
  }

  get profile(): FaultProfile {
    return this.#profile;
  }

  get active(): boolean {
    return this.#profile.errorRate > 0 || this.#profile.latencyMs > 0 || this.#profile.latencyJitterMs > 0;
  }

  set(profile: FaultProfile): void {
    this.#profile = profile;
  }

  decide(): FaultDecision {
    const { errorRate, errorStatus, latencyMs, latencyJitterMs } = this.#profile;
    const delayMs = latencyMs + (latencyJitterMs > 0 ? Math.round(this.random() * latencyJitterMs) : 0);
    const fail = errorRate > 0 && this.random() < errorRate;
    return { delayMs, errorStatus: fail ? errorStatus : undefined };
  }
}
