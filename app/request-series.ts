/**
 * The four RED families (requests, duration, request and response size), kept
 * as plain numbers per label set and written straight to the Prometheus text
 * format.
 *
 * Why not prom-client's Counter and Histogram: every observe() there validates
 * and hashes the label set into a new string, and every scrape builds an
 * object per bucket line. In the benchmark (README, "Performance") that was
 * ~17 µs of CPU per request for the four observations and ~50 ms of event-loop
 * time per scrape at ~10k series: the scrape p99 missed its 10 ms target and
 * the throughput ratio its 0.90. Here a request costs two Map lookups keyed by
 * strings the router and HTTP parser already interned, and a scrape writes
 * each line from a label text built once per series. prom-client still owns
 * the registry, the default metrics and every other family, and the parity
 * test (test/app/request-series.test.ts) checks this text against
 * prom-client's own for the same observations.
 */

export interface FamilyHelp {
  readonly requests: string;
  readonly duration: string;
  readonly requestSize: string;
  readonly responseSize: string;
}

/** Non-cumulative counts per bucket (the last slot is +Inf), cumulated only when written. */
class Buckets {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

interface StatusSeries {
  /** `method="GET",route="/api/info",status_code="200"`, escaped once. */
  readonly labels: string;
  requests: number;
  readonly duration: Buckets;
}

interface RouteSeries {
  readonly labels: string;
  readonly byStatus: Map<number, StatusSeries>;
  readonly requestSize: Buckets;
  readonly responseSize: Buckets;
}

/** Prometheus text-format escaping of a label value: backslash, double quote, line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** A sample value as the text format writes it (Go's ParseFloat reads every one back). */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

export class RequestSeries {
  /** route → method → series: both keys are strings Express and the HTTP parser reuse. */
  private readonly byRoute = new Map<string, Map<string, RouteSeries>>();

  constructor(
    private readonly help: FamilyHelp,
    private readonly durationBounds: readonly number[],
    private readonly sizeBounds: readonly number[],
  ) {}

  record(
    method: string,
    route: string,
    status: number,
    seconds: number,
    requestBytes: number,
    responseBytes: number,
  ): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.byRoute.set(route, byMethod);
    }
    let series = byMethod.get(method);
    if (!series) {
      series = {
        labels: `method="${escapeLabelValue(method)}",route="${escapeLabelValue(route)}"`,
        byStatus: new Map(),
        requestSize: new Buckets(this.sizeBounds),
        responseSize: new Buckets(this.sizeBounds),
      };
      byMethod.set(method, series);
    }
    let byStatus = series.byStatus.get(status);
    if (!byStatus) {
      byStatus = {
        labels: `${series.labels},status_code="${status}"`,
        requests: 0,
        duration: new Buckets(this.durationBounds),
      };
      series.byStatus.set(status, byStatus);
    }
    byStatus.requests++;
    byStatus.duration.observe(seconds);
    series.requestSize.observe(requestBytes);
    series.responseSize.observe(responseBytes);
  }

  /** The four families in the text exposition format, each line ending in `\n`. */
  render(): string {
    const routes = [...this.byRoute.values()].flatMap((byMethod) => [...byMethod.values()]);
    const statuses = routes.flatMap((r) => [...r.byStatus.values()]);
    let out = header('http_requests_total', this.help.requests, 'counter');
    for (const s of statuses) out += `http_requests_total{${s.labels}} ${s.requests}\n`;
    out += header('http_request_duration_seconds', this.help.duration, 'histogram');
    for (const s of statuses)
      out += histogramLines('http_request_duration_seconds', s.labels, this.durationBounds, s.duration);
    out += header('http_request_size_bytes', this.help.requestSize, 'histogram');
    for (const r of routes)
      out += histogramLines('http_request_size_bytes', r.labels, this.sizeBounds, r.requestSize);
    out += header('http_response_size_bytes', this.help.responseSize, 'histogram');
    for (const r of routes)
      out += histogramLines('http_response_size_bytes', r.labels, this.sizeBounds, r.responseSize);
    return out;
  }
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}

function histogramLines(name: string, labels: string, bounds: readonly number[], b: Buckets): string {
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += b.counts[i]!;
    out += `${name}_bucket{le="${bounds[i]}",${labels}} ${cumulative}\n`;
  }
  out += `${name}_bucket{le="+Inf",${labels}} ${b.count}\n`;
  out += `${name}_sum{${labels}} ${formatValue(b.sum)}\n`;
  out += `${name}_count{${labels}} ${b.count}\n`;
  return out;
}
