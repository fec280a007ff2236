import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { FaultState } from './domain/faults.js';
import { RequestSeries, type SharedSeries } from './request-series.js';
import { SeriesText } from './series-text.js';

/**
 * Latency buckets for a canary objective: dense up to 0.5 s (the default
 * analysis threshold sits on a bucket bound, so "share under threshold" is
 * exact) and a few coarse ones above to see how bad a bad version is.
 */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5] as const;
const sizeBuckets = [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576];

/** Route label for requests no route matched: one value, so scanners cannot explode the series count. */
export const unmatchedRoute = 'unmatched';

export interface HttpMetrics {
  readonly registry: Registry;
  /**
   * Runtime dashboard's in-flight panel; also shows a drain finishing. A plain
   * count read when collected: a prom-client inc()/dec() pair per request
   * hashed an empty label set twice.
   */
  readonly inFlight: { inc(): void; dec(): void };
  /**
   * Records one finished request in the four RED families: `http_requests_total` (rate and
   * errors: success-rate analysis, error-ratio alert), `http_request_duration_seconds` (latency
   * analysis, p50/p95/p99 panels), `http_request_size_bytes` and `http_response_size_bytes`.
   */
  recordRequest(...request: Parameters<RequestSeries['record']>): void;
  /** Everything this process exports, in the text format: what `/metrics` answers. */
  exposition(): Promise<Buffer>;
  /** prom-client's registry alone: every family but the RED ones. */
  registryText(): Promise<string>;
  /** The RED families' shared memory and layout: the management worker renders them itself. */
  readonly series: SharedSeries;
  /** The exposition's content type. */
  readonly contentType: string;
}

export interface MetricsOptions {
  readonly version: string;
  readonly commit: string;
  readonly defaultMetrics: boolean;
  readonly faults: FaultState;
}

/** Builds the per-app registry and its metrics; nothing here is global. */
export function createMetrics(options: MetricsOptions): HttpMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });

  // Dashboards' "which version runs" stat and the canary/stable legend.
  new Gauge({
    name: 'app_info',
    help: 'Build of the running service; always 1.',
    labelNames: ['version', 'commit'],
    registers: [registry],
  })
    .labels(options.version, options.commit)
    .set(1);

  const faults = options.faults;
  // Runtime dashboard's "active faults" panel: a canary faking a bad version shows here.
  new Gauge({
    name: 'app_fault_error_ratio',
    help: 'Share of business requests the fault profile fails on purpose.',
    registers: [registry],
    collect() {
      this.set(faults.profile.errorRate);
    },
  });
  new Gauge({
    name: 'app_fault_latency_seconds',
    help: 'Fixed latency the fault profile adds to business requests (jitter excluded).',
    registers: [registry],
    collect() {
      this.set(faults.profile.latencyMs / 1000);
    },
  });

  let inFlightNow = 0;
  const inFlight = {
    inc: () => void inFlightNow++,
    dec: () => void inFlightNow--,
  };
  new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served now.',
    registers: [registry],
    collect() {
      this.set(inFlightNow);
    },
  });
  const series = new RequestSeries({
    help: {
      requests: 'HTTP requests answered, by route template and status.',
      duration: 'Time from request received to response finished, by route template and status.',
      requestSize: 'Request body size, from Content-Length.',
      responseSize: 'Response body size as sent.',
    },
    durationBounds: durationBuckets,
    sizeBounds: sizeBuckets,
  });
  const text = new SeriesText(series.memory, series.layout);

  return {
    registry,
    inFlight,
    recordRequest: (...request) => series.record(...request),
    async exposition() {
      return Buffer.concat([Buffer.from(`${await registry.metrics()}\n`), text.render()]);
    },
    registryText: () => registry.metrics(),
    series: { memory: series.memory, layout: series.layout },
    contentType: registry.contentType,
  };
}
