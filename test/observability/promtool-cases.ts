/**
 * Synthetic series for `promtool test rules`, written in promtool's expanding
 * notation (`0+90x30`: start at 0, add 90 per interval, 30 times).
 */

/** A series for promtool's `input_series`. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

const labelText = (labels: Readonly<Record<string, string>>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/** `http_requests_total` for one status of one route. */
export function requests(
  base: Readonly<Record<string, string>>,
  status: number,
  values: string,
  route = '/api/info',
): InputSeries {
  return {
    series: `http_requests_total${labelText({ ...base, method: 'GET', route, status_code: String(status) })}`,
    values,
  };
}

/**
 * `http_request_duration_seconds_bucket` for `perInterval` requests a scrape,
 * all taking between the bucket bound below `upperBound` and `upperBound`.
 */
export function latencyBuckets(
  base: Readonly<Record<string, string>>,
  upperBound: number,
  perInterval: number,
  intervals: number,
): InputSeries[] {
  const bounds = [0.05, 0.1, 0.5, 0.75, 1, '+Inf'] as const;
  return bounds.map((le) => ({
    series: `http_request_duration_seconds_bucket${labelText({ ...base, method: 'GET', route: '/api/info', status_code: '200', le: String(le) })}`,
    values: le === '+Inf' || le >= upperBound ? `0+${perInterval}x${intervals}` : `0+0x${intervals}`,
  }));
}

/** Any other series, by name and labels. */
export function series(name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries {
  return { series: `${name}${labelText(labels)}`, values };
}

/** histogram_quantile's answer when every observation sits in (lower, upper]: linear inside the bucket. */
export function quantileInBucket(quantile: number, lower: number, upper: number): number {
  return Number((lower + (upper - lower) * quantile).toFixed(4));
}
