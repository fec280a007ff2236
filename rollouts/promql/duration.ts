import type { Duration } from 'cdk8s';

/**
 * A Duration as a Prometheus range / Go duration string (`90s`, `2m`, `1h`).
 * Both PromQL ranges and Argo `interval` accept this form. Sub-second and
 * zero durations are rejected: neither a rate window nor an interval can use them.
 */
export function durationString(duration: Duration): string {
  const ms = duration.toMilliseconds();
  if (ms <= 0 || ms % 1000 !== 0)
    throw new Error(`duration must be a positive whole number of seconds, got ${ms}ms`);
  const seconds = ms / 1000;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
