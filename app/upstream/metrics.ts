import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How one upstream attempt ended; the `outcome` label of upstream_requests_total. */
export type UpstreamOutcome =
  | 'success'
  | 'client_error'
  | 'server_error'
  | 'timeout'
  | 'connection_error'
  | 'invalid_response'
  | 'circuit_open';

/** circuit_breaker_state values: 0 closed, 1 half-open (a probe is in flight), 2 open. */
export const breakerStateValue = { closed: 0, halfOpen: 1, open: 2 } as const;

export interface UpstreamMetrics {
  /**
   * Attempts by upstream and outcome (circuit_open counts calls refused without
   * an attempt). Read by the dependencies dashboard's "upstream calls" panel and
   * its error-ratio query: a canary whose neighbour fails shows it here, not in
   * its own RED metrics alone.
   */
  readonly requests: Counter<'upstream' | 'outcome'>;
  /** Attempt latency per upstream: the dependencies dashboard's upstream p95 panel. */
  readonly duration: Histogram<'upstream'>;
  /** Retries made per upstream: a rising line is a neighbour flapping under the breaker's threshold. */
  readonly retries: Counter<'upstream'>;
  /** Breaker state per upstream (see breakerStateValue): the dependencies dashboard's state timeline. */
  readonly breakerState: Gauge<'upstream'>;
}

/** Latency buckets for calls to neighbours: tighter than the inbound ones at the low end. */
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Registers the upstream metrics in the app's registry; every configured upstream starts at 0 (closed). */
export function createUpstreamMetrics(registry: Registry, upstreams: readonly string[]): UpstreamMetrics {
  const metrics: UpstreamMetrics = {
    requests: new Counter({
      name: 'upstream_requests_total',
      help: 'Calls to upstream services by outcome: one per attempt, plus calls refused by an open breaker.',
      labelNames: ['upstream', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Duration of one attempt to call an upstream, whatever its outcome.',
      labelNames: ['upstream'],
      buckets,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'upstream_retries_total',
      help: 'Retries of upstream calls after a transient failure.',
      labelNames: ['upstream'],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'circuit_breaker_state',
      help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.',
      labelNames: ['upstream'],
      registers: [registry],
    }),
  };
  for (const name of upstreams) metrics.breakerState.labels(name).set(breakerStateValue.closed);
  return metrics;
}
