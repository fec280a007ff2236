import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config/load.js';
import type { Lifecycle } from '../domain/lifecycle.js';
import type { HttpMetrics } from '../metrics.js';
import type { ManagementInit, ManagementReport, ManagementUpdate } from './protocol.js';

export interface ManagementOptions {
  readonly port: number;
  readonly host: string;
  readonly stallMs: number;
  readonly logger: Logger;
}

/** What the worker is fed from once the service has it. */
export interface ManagementFeed {
  readonly lifecycle: Lifecycle;
  readonly metrics: HttpMetrics;
}

export interface Management {
  /** The port it listens on, once it does; rejects (and the worker is gone) when it cannot. */
  readonly listening: Promise<number>;
  /** Starts feeding the worker: the series' memory, the lifecycle on every change, the registry. */
  attach(feed: ManagementFeed): void;
  /**
   * Asks the worker to settle its heap (app/settle-heap.ts). Only after this thread has settled its own:
   * V8's flags are the process's, and the two must not toggle `--expose-gc` at once.
   */
  settleHeap(): void;
  /** Stops publishing and ends the worker: the last step of shutdown, so probes answer while draining. */
  close(): Promise<void>;
}

// From the sources (tsx in development and tests) the worker needs tsx's loader too.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);

/**
 * Spawns the management listener (MANAGEMENT_PORT) in a worker thread. It
 * listens as soon as it has booted, and answers startup 503 until attach()
 * has given it the service to report on: app/main.ts spawns it before loading
 * the rest of the app, so its boot (a new isolate, ~90 ms) overlaps that.
 *
 * Why a thread: on a saturated pod every new connection to the API port waits
 * a few turns of a busy event loop, and /metrics at ~10k series also costs
 * that loop the rendering. In the benchmark the readiness probe's p99 on the
 * API port was ~140 ms and the scrape's ~120 ms (README, "Performance"). The
 * worker answers probes from the state this thread sends it and renders the
 * RED families straight from their shared memory, so neither waits.
 *
 * What the thread must not hide: a stuck main loop. Every message is a
 * heartbeat; once none has come for `stallMs`, liveness and readiness fail.
 * This thread sends its readiness on every change and, with prom-client's
 * registry text, every `stallMs / 4` (at most 500 ms): those families may be
 * that much older than the RED ones, which are live.
 */
export function spawnManagement(options: ManagementOptions): Management {
  const { logger } = options;
  const init: ManagementInit = { port: options.port, host: options.host, stallMs: options.stallMs };
  const worker = new Worker(workerUrl, {
    workerData: init,
    ...(fromSources ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  let closing = false;
  const listening = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`management worker exited with code ${code}`)));
    worker.once('message', (report: ManagementReport) => {
      if (report.kind === 'listening') resolve(report.port);
      else reject(new Error(`management port ${options.port}: ${report.message}`));
    });
  }).then(
    (port) => {
      worker.removeAllListeners();
      worker.on('error', (error) => logger.error({ err: error }, 'management worker failed'));
      worker.on('exit', (code) => {
        if (!closing)
          logger.error({ code }, 'management worker exited: probes and scrapes on its port go unanswered');
      });
      return port;
    },
    async (error: unknown) => {
      await worker.terminate();
      throw error;
    },
  );
  // Whoever awaits it sees the failure; until someone does, it must not count as unhandled.
  listening.catch(() => {});

  let stop = () => {};
  return {
    listening,
    attach({ lifecycle, metrics }) {
      const post = (update: ManagementUpdate) => worker.postMessage(update);
      const postState = () =>
        post({ kind: 'state', started: lifecycle.started, readiness: lifecycle.latestReadiness() });
      post({ kind: 'attach', series: metrics.series, contentType: metrics.contentType });
      postState();
      const unsubscribe = lifecycle.onChange(postState);
      const refresh = async () => {
        // Runs the checks only when they are not watched (READINESS_CHECK_INTERVAL_MS=0); new results
        // reach the worker through onChange, like every other change of readiness.
        await lifecycle.readiness();
        post({ kind: 'metrics', text: await metrics.registryText() });
      };
      const publishFailed = (error: unknown) => logger.error({ err: error }, 'management: publishing failed');
      void refresh().catch(publishFailed);
      const timer = setInterval(
        () => void refresh().catch(publishFailed),
        Math.min(500, options.stallMs / 4),
      );
      timer.unref();
      stop = () => {
        clearInterval(timer);
        unsubscribe();
      };
    },
    settleHeap() {
      worker.postMessage({ kind: 'settle' } satisfies ManagementUpdate);
    },
    async close() {
      closing = true;
      stop();
      await worker.terminate();
    },
  };
}

/** The worker MANAGEMENT_PORT asks for, or none when it is 0. */
export function spawnConfiguredManagement(config: Config, logger: Logger): Management | undefined {
  if (config.management.port === 0) return undefined;
  return spawnManagement({
    port: config.management.port,
    host: config.server.host,
    stallMs: config.management.stallMs,
    logger,
  });
}
