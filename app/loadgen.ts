import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

export interface LoadGeneratorOptions {
  readonly targetUrl: string;
  readonly paths: readonly string[];
  readonly ratePerSecond: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly registry: Registry;
}

export interface LoadGenerator {
  stop(): Promise<void>;
}

/**
 * Steady traffic for canary analysis on an idle cluster (Flagger ships a load
 * tester for the same reason): requests the paths in turn at a fixed rate and
 * counts outcomes, so `loadgen_requests_total` shows it is doing its job.
 */
export function startLoadGenerator(options: LoadGeneratorOptions): LoadGenerator {
  const sent = new Counter({
    name: 'loadgen_requests_total',
    help: 'Requests the load generator sent, by path and outcome (status code or "error").',
    labelNames: ['path', 'outcome'],
    registers: [options.registry],
  });
  const inFlight = new Set<Promise<void>>();
  let next = 0;

  const fire = (): void => {
    const path = options.paths[next++ % options.paths.length] ?? '/';
    const request = fetch(new URL(path, options.targetUrl), {
      signal: AbortSignal.timeout(options.timeoutMs),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        sent.labels(path, String(response.status)).inc();
      })
      .catch((error: unknown) => {
        sent.labels(path, 'error').inc();
        options.logger.debug({ err: error, path }, 'loadgen request failed');
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  const timer = setInterval(fire, 1000 / options.ratePerSecond);
  options.logger.info(
    { targetUrl: options.targetUrl, paths: options.paths, ratePerSecond: options.ratePerSecond },
    'load generator started',
  );
  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
