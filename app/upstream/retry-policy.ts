/** Methods whose repetition has the effect of one call (RFC 9110 §9.2.2). */
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Statuses that say "try again": the gateway or the upstream is briefly unable to answer. */
const transientStatuses = new Set([502, 503, 504]);

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/**
 * Whether a call may be sent twice: idempotent methods always; POST (or PATCH)
 * only when the caller gave an Idempotency-Key the upstream can deduplicate on.
 */
export function mayRetry(method: string, headers: Readonly<Record<string, string>>): boolean {
  if (idempotentMethods.has(method.toUpperCase())) return true;
  return Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key');
}

/** Whether an upstream status is a transient failure (worth a retry and counted by the breaker). */
export function isTransientStatus(status: number): boolean {
  return transientStatuses.has(status);
}

/**
 * Delay before retry `attempt` (1 for the first retry): exponential with "full
 * jitter", uniform in [0, min(max, base × 2^(attempt-1))). Jitter spreads the
 * retries of many callers, so a neighbour that blinked is not hit by a
 * synchronised wave the moment it comes back.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
