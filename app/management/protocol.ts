import type { ReadinessReport } from '../domain/lifecycle.js';
import type { SharedSeries } from '../request-series.js';

/** What the management worker is started with (workerData): all it needs to listen. */
export interface ManagementInit {
  readonly port: number;
  readonly host: string;
  /** Liveness and readiness fail once the main thread has been silent this long. */
  readonly stallMs: number;
}

/** Main thread → worker. Every message also tells the worker the main event loop still turns. */
export type ManagementUpdate =
  /** Once the metrics exist: the RED families' memory, read on every scrape from then on. */
  | { readonly kind: 'attach'; readonly series: SharedSeries; readonly contentType: string }
  | { readonly kind: 'state'; readonly started: boolean; readonly readiness: ReadinessReport }
  /** prom-client's registry (every family but the RED ones, which the worker reads itself). */
  | { readonly kind: 'metrics'; readonly text: string }
  /** Once, after the main thread has settled its own heap: now the worker's turn (app/settle-heap.ts). */
  | { readonly kind: 'settle' };

/** Worker → main thread, once: listening, or why not. */
export type ManagementReport =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'failed'; readonly message: string };
