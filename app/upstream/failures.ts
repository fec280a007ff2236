import {
  type AppError,
  CircuitOpenError,
  UpstreamNotFoundError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../errors.js';
import type { UpstreamOutcome } from './metrics.js';

/**
 * One attempt that failed, as the retry loop and the breaker see it.
 * `transient` failures (connection errors, 502/503/504, attempt timeouts) may be
 * retried and count against the breaker; others (500, an oversized body) count
 * against the breaker but are not retried.
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly outcome: Exclude<UpstreamOutcome, 'success' | 'client_error' | 'circuit_open'>,
    readonly transient: boolean,
    detail: string,
    readonly status?: number,
  ) {
    super(detail);
  }
}

/** What a call that got an answer returns: 2xx and 4xx (a 4xx is the caller's problem, not the upstream's). */
export interface UpstreamResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
  /** Attempts made, retries included. */
  readonly attempts: number;
}

/**
 * The errors mapping, in one place. The last failure of a call becomes a
 * 503 (unavailable) or 504 (timeout) problem naming the upstream; an open
 * breaker a fast 503 with Retry-After.
 */
export function callError(upstream: string, last: UpstreamFailure, waitedMs: number): AppError {
  if (last.outcome === 'timeout') return new UpstreamTimeoutError(upstream, waitedMs);
  return new UpstreamUnavailableError(
    upstream,
    last.message,
    last.status ? { upstreamStatus: last.status } : {},
  );
}

export function circuitOpenError(upstream: string, retryAfterSeconds: number): AppError {
  return new CircuitOpenError(upstream, retryAfterSeconds);
}

/**
 * How the proxy relays an answer: 2xx as it came; 404 as our 404 naming the
 * upstream; any other 4xx (or 3xx, which is not followed) as a 503, since a
 * proxied GET the upstream rejects is a broken dependency from our caller's
 * point of view.
 */
export function proxiedAnswerError(
  upstream: string,
  path: string,
  response: UpstreamResponse,
): AppError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  if (response.status === 404) return new UpstreamNotFoundError(upstream, path);
  return new UpstreamUnavailableError(upstream, `answered ${response.status}`, {
    upstreamStatus: response.status,
  });
}
