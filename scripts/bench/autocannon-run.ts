import autocannon from 'autocannon';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Print a progress line to stderr every second. */
  readonly progress?: boolean;
  /** Fire from a worker thread, so this process stays free to time other requests. */
  readonly inWorker?: boolean;
  /** Cap on requests per second across all connections (a steady load instead of saturation). */
  readonly overallRate?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly errorRate: number;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Load tests aim at this machine only: a typo must not send a thousand connections elsewhere. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!loopback.has(host) && !host.startsWith('127.')) {
    throw new Error(
      `refusing to load ${host}: load tests target loopback only (127.0.0.1, localhost, [::1])`,
    );
  }
}

/** One bounded autocannon run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.inWorker ? { workers: 1 } : {}),
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    if (options.progress)
      autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
  });
  const requests = result.requests.total;
  const failed = result.errors + result.timeouts + result.non2xx;
  return {
    requests,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    errorRate: requests + result.errors > 0 ? failed / (requests + result.errors) : 0,
  };
}
