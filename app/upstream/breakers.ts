import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { UpstreamFailure } from './failures.js';
import { breakerStateValue, type UpstreamMetrics } from './metrics.js';

export interface BreakerOptions {
  /** Consecutive failed attempts that open the breaker. */
  readonly threshold: number;
  /** How long it stays open before the next call may probe (half-open). */
  readonly cooldownMs: number;
}

/** One upstream's breaker and when it last opened. */
export interface UpstreamBreaker {
  readonly policy: CircuitBreakerPolicy;
  /** Whole seconds until a probe may go through (at least 1); for Retry-After. */
  retryAfterSeconds(now?: number): number;
}

/** The breakers of one process, one per upstream; created by startService and passed in. */
export type BreakerRegistry = ReadonlyMap<string, UpstreamBreaker>;

/** Errors that count against the breaker: failed attempts (5xx, timeouts, connection errors), never a 4xx answer. */
export const isBreakerFailure = (error: unknown): boolean => error instanceof UpstreamFailure;

/** Whether an error is the breaker refusing a call. */
export const isCircuitOpen = (error: unknown): boolean => error instanceof BrokenCircuitError;

const gaugeValue: Record<CircuitState, number> = {
  [CircuitState.Closed]: breakerStateValue.closed,
  [CircuitState.HalfOpen]: breakerStateValue.halfOpen,
  [CircuitState.Open]: breakerStateValue.open,
  [CircuitState.Isolated]: breakerStateValue.open,
};

/**
 * A cockatiel ConsecutiveBreaker per upstream, so one sick neighbour never
 * stops calls to the others. State changes are mirrored into the
 * circuit_breaker_state gauge. cockatiel moves Open → HalfOpen lazily, on the
 * first call after the cool-down, so the gauge reads 2 until that probe starts.
 */
export function createBreakers(
  names: readonly string[],
  options: BreakerOptions,
  metrics: UpstreamMetrics,
): BreakerRegistry {
  const breakers = new Map<string, UpstreamBreaker>();
  for (const name of names) {
    const policy = circuitBreaker(handleWhen(isBreakerFailure), {
      halfOpenAfter: options.cooldownMs,
      breaker: new ConsecutiveBreaker(options.threshold),
    });
    let openedAt = 0;
    const gauge = metrics.breakerState.labels(name);
    policy.onStateChange((state) => {
      if (state === CircuitState.Open) openedAt = Date.now();
      gauge.set(gaugeValue[state]);
    });
    breakers.set(name, {
      policy,
      retryAfterSeconds: (now = Date.now()) =>
        Math.max(1, Math.ceil((openedAt + options.cooldownMs - now) / 1000)),
    });
  }
  return breakers;
}
