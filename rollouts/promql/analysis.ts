import { LATENCY_BUCKETS_SECONDS } from './metrics.js';
import { matchers, type SeriesScope } from './selectors.js';

/** Arguments common to the rate-based expressions. */
export interface WindowedQuery extends SeriesScope {
  /** Range of `rate()`, e.g. `2m` or `{{args.window}}`; at least 4× the scrape interval. */
  readonly window: string;
}

/** Requests per second over `window`, summed (optionally `by` some labels). */
export function requestRate(
  q: WindowedQuery,
  by: readonly string[] = [],
  extra: readonly string[] = [],
): string {
  const grouping = by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `sum${grouping}(rate(http_requests_total${matchers(q, extra)}[${q.window}]))`;
}

/**
 * Share of requests answered without a 5xx, from 0 to 1.
 *
 * The numerator is `or vector(0)`-guarded: when every request failed it has no
 * series, and without the guard the ratio would be empty ("no data", so
 * Inconclusive) instead of 0 (Failed). With no traffic at all the denominator
 * is empty or 0 and the result is empty or NaN: the analysis conditions treat
 * both as "no data yet" (see `guardedConditions`).
 */
export function successRatio(q: WindowedQuery): string {
  return `(${requestRate(q, [], ['status_code!~"5.."'])} or vector(0)) / ${requestRate(q)}`;
}

/**
 * Share of requests answered with a 5xx, from 0 to 1; the complement of
 * {@link successRatio}, with the same guards (`or vector(0)` on the 5xx-only
 * numerator, which has no series while nothing fails).
 */
export function errorRatio(q: WindowedQuery): string {
  return `(${requestRate(q, [], ['status_code=~"5.."'])} or vector(0)) / ${requestRate(q)}`;
}

/** Options of {@link latencyQuantile}. */
export interface LatencyQuery extends WindowedQuery {
  /** The quantile, strictly between 0 and 1 (0.95 for p95). */
  readonly quantile: number;
}

/**
 * Share of requests answered without a 5xx, one series per `by` group (e.g.
 * per role and pod-template hash on the canary dashboard). `or vector(0)`
 * cannot guard a grouped numerator (it has no labels to match), so a group
 * whose every request failed falls back to `0 * denominator`: 0, not missing.
 */
export function successRatioBy(q: WindowedQuery, by: readonly string[]): string {
  return groupedRatio(q, by, 'status_code!~"5.."');
}

/** Share of requests answered with a 5xx per `by` group; guarded like {@link successRatioBy}. */
export function errorRatioBy(q: WindowedQuery, by: readonly string[]): string {
  return groupedRatio(q, by, 'status_code=~"5.."');
}

function groupedRatio(q: WindowedQuery, by: readonly string[], statusMatcher: string): string {
  if (by.length === 0) throw new Error('a grouped ratio needs at least one label to group by');
  const all = requestRate(q, by);
  return `(${requestRate(q, by, [statusMatcher])} or 0 * ${all}) / ${all}`;
}

/**
 * Tail latency in seconds, optionally one series per `by` group. `le` stays in
 * the `by` clause (histogram_quantile needs it); with no observations the
 * result is NaN, which the guarded conditions read as "no data yet".
 */
export function latencyQuantile(q: LatencyQuery, by: readonly string[] = []): string {
  if (!(q.quantile > 0 && q.quantile < 1))
    throw new Error(`quantile must be between 0 and 1, got ${q.quantile}`);
  const grouping = ['le', ...by].join(', ');
  return `histogram_quantile(${q.quantile}, sum by (${grouping}) (rate(http_request_duration_seconds_bucket${matchers(q)}[${q.window}])))`;
}

/** Throws unless `seconds` is a bucket bound of `http_request_duration_seconds`. */
export function assertBucketBound(seconds: number): void {
  if (!(LATENCY_BUCKETS_SECONDS as readonly number[]).includes(seconds)) {
    throw new Error(
      `latency threshold ${seconds}s is not a bucket bound of http_request_duration_seconds (${LATENCY_BUCKETS_SECONDS.join(', ')})`,
    );
  }
}
