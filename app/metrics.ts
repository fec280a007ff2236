import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { FaultState } from './domain/faults.js';

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
  /** RED "rate" and "errors": success-rate analysis, request-rate panels, error-ratio alert. */
  readonly requests: Counter<'method' | 'route' | 'status_code'>;
  /** RED "duration": latency analysis, p50/p95/p99 panels, latency alert. */
  readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  /** Runtime dashboard's in-flight panel; also shows a drain finishing. */
  readonly inFlight: Gauge;
  readonly requestSize: Histogram<'method' | 'route'>;
  readonly responseSize: Histogram<'method' | 'route'>;
  /** Records one finished request in all four RED series. */
  recordRequest(
    method: string,
    route: string,
    status: string,
    seconds: number,
    requestBytes: number,
    responseBytes: number,
  ): void;
}

interface RequestSeries {
  readonly count: { inc(): void };
  readonly duration: { observe(value: number): void };
  readonly requestSize: { observe(value: number): void };
  readonly responseSize: { observe(value: number): void };
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

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request received to response finished, by route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [...durationBuckets],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served now.',
    registers: [registry],
  });
  const requestSize = new Histogram({
    name: 'http_request_size_bytes',
    help: 'Request body size, from Content-Length.',
    labelNames: ['method', 'route'],
    buckets: sizeBuckets,
    registers: [registry],
  });
  const responseSize = new Histogram({
    name: 'http_response_size_bytes',
    help: 'Response body size as sent.',
    labelNames: ['method', 'route'],
    buckets: sizeBuckets,
    registers: [registry],
  });

  // prom-client hashes the label values on every labels() call; the label sets are
  // bounded (route templates), so each set's children are looked up once and kept.
  const series = new Map<string, RequestSeries>();
  const seriesFor = (method: string, route: string, status: string): RequestSeries => {
    const key = `${method} ${route} ${status}`;
    let found = series.get(key);
    if (!found) {
      found = {
        count: requests.labels(method, route, status),
        duration: duration.labels(method, route, status),
        requestSize: requestSize.labels(method, route),
        responseSize: responseSize.labels(method, route),
      };
      series.set(key, found);
    }
    return found;
  };

  return {
    registry,
    requests,
    duration,
    inFlight,
    requestSize,
    responseSize,
    recordRequest(method, route, status, seconds, requestBytes, responseBytes) {
      const s = seriesFor(method, route, status);
      s.count.inc();
      s.duration.observe(seconds);
      s.requestSize.observe(requestBytes);
      s.responseSize.observe(responseBytes);
    },
  };
}
