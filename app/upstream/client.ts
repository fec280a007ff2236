import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'undici';
import type { AppError } from '../errors.js';
import { serviceTokenHeader } from '../http/service-guard.js';
import { attempt } from './attempt.js';
import { type BreakerRegistry, isCircuitOpen } from './breakers.js';
import { callError, circuitOpenError, UpstreamFailure, type UpstreamResponse } from './failures.js';
import type { UpstreamMetrics } from './metrics.js';
import { backoffDelayMs, mayRetry, type RetryPolicy } from './retry-policy.js';
import { callTrace, childTraceparent } from './trace-context.js';
import type { UpstreamTarget } from './upstream-list.js';

/** Runs one attempt in a client span and gives it the traceparent to send (tracing on). */
export type ClientSpan = <T>(
  upstream: string,
  method: string,
  fn: (traceparent: string) => Promise<T>,
) => Promise<T>;

export interface UpstreamClientOptions extends RetryPolicy {
  readonly targets: readonly UpstreamTarget[];
  readonly timeoutMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxResponseBytes: number;
  /** Sent as X-Service-Token when set. */
  readonly serviceToken: string;
  readonly breakers: BreakerRegistry;
  readonly metrics: UpstreamMetrics;
  /** Jitter dice; Math.random unless a test decides. */
  readonly random?: () => number;
  /** Present when tracing is on. */
  readonly clientSpan?: ClientSpan;
}

export interface UpstreamCall {
  readonly method?: string;
  /** Path (and query) appended to the upstream's base URL. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly requestId?: string;
  /** The inbound traceparent, continued when tracing is off. */
  readonly traceparent?: string | string[];
  /** The caller went away: stop trying. */
  readonly signal?: AbortSignal;
  /** Where retries and failures are logged (the request's logger). */
  readonly log?: Logger;
}

/** The outbound client: one undici Pool and one breaker per upstream. Created by startService. */
export interface Upstreams {
  readonly names: readonly string[];
  has(name: string): boolean;
  /** 2xx-4xx answers resolve; failures reject with an AppError naming the upstream. */
  call(name: string, call: UpstreamCall): Promise<UpstreamResponse>;
  /** Closes every pool; calls in flight fail. */
  close(): Promise<void>;
}

/**
 * undici is loaded only when there is an upstream to call: it is the largest
 * module the service would otherwise load at start-up (~100 ms of the cold
 * start measured in README, "Performance"), and most deployments set no
 * UPSTREAMS. It is CommonJS, so it loads synchronously here.
 */
function loadPool(): typeof Pool {
  return (createRequire(import.meta.url)('undici') as typeof import('undici')).Pool;
}

export function createUpstreams(options: UpstreamClientOptions): Upstreams {
  const random = options.random ?? Math.random;
  const PoolClass = options.targets.length > 0 ? loadPool() : undefined;
  const pools = new Map(
    options.targets.map((t) => {
      const url = new URL(t.url);
      // The pool is per origin; the base URL's path is kept as a prefix of every call.
      const pool = new PoolClass!(url.origin, { connections: options.maxConnections });
      return [t.name, { pool, prefix: url.pathname.replace(/\/$/, '') }] as const;
    }),
  );

  async function call(name: string, c: UpstreamCall): Promise<UpstreamResponse> {
    const target = pools.get(name);
    const breaker = options.breakers.get(name);
    if (!target || !breaker) throw new Error(`no upstream named '${name}'`);
    const { metrics } = options;
    const method = (c.method ?? 'GET').toUpperCase();
    const callSignal = AbortSignal.any([
      AbortSignal.timeout(options.timeoutMs),
      ...(c.signal ? [c.signal] : []),
    ]);
    const retryable = mayRetry(method, c.headers ?? {});
    const headers = {
      accept: 'application/json',
      ...c.headers,
      ...(c.requestId ? { 'x-request-id': c.requestId } : {}),
      ...(options.serviceToken ? { [serviceTokenHeader]: options.serviceToken } : {}),
    };
    const request = {
      method,
      path: `${target.prefix}${c.path}`,
      headers,
      ...(c.body ? { body: c.body } : {}),
    };
    const limits = {
      attemptTimeoutMs: options.attemptTimeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      callSignal,
    };

    const once = (traceparent: string) =>
      breaker.policy.execute(async () => {
        const started = performance.now();
        try {
          const answer = await attempt(
            target.pool,
            { ...request, headers: { ...headers, traceparent } },
            limits,
          );
          metrics.requests.labels(name, answer.status < 400 ? 'success' : 'client_error').inc();
          return answer;
        } catch (error) {
          metrics.requests.labels(name, (error as UpstreamFailure).outcome).inc();
          throw error;
        } finally {
          metrics.duration.labels(name).observe((performance.now() - started) / 1000);
        }
      });

    const trace = callTrace(c.traceparent);
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        const answer = options.clientSpan
          ? await options.clientSpan(name, method, once)
          : await once(childTraceparent(trace));
        return { ...answer, attempts: attemptNo };
      } catch (error) {
        if (isCircuitOpen(error)) {
          metrics.requests.labels(name, 'circuit_open').inc();
          throw circuitOpenError(name, breaker.retryAfterSeconds());
        }
        const failure = error as UpstreamFailure;
        // A timeout names the deadline that fired: the call's, or the last attempt's.
        const waitedMs = callSignal.aborted ? options.timeoutMs : options.attemptTimeoutMs;
        const failed: AppError = callError(name, failure, waitedMs);
        const delay = backoffDelayMs(attemptNo, options, random);
        c.log?.warn(
          { upstream: name, attempt: attemptNo, outcome: failure.outcome, err: failure.message },
          'upstream attempt failed',
        );
        const canRetry =
          failure.transient && retryable && attemptNo <= options.retries && !callSignal.aborted;
        if (!canRetry) throw failed;
        metrics.retries.labels(name).inc();
        // The deadline cuts a backoff short: the call then ends as a timeout.
        await sleep(delay, undefined, { signal: callSignal }).catch(() => {
          throw callError(name, new UpstreamFailure('timeout', true, 'deadline passed'), options.timeoutMs);
        });
      }
    }
  }

  return {
    names: options.targets.map((t) => t.name),
    has: (name) => pools.has(name),
    call,
    close: async () => {
      await Promise.all([...pools.values()].map(({ pool }) => pool.destroy()));
    },
  };
}
