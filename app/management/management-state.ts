import type { ReadinessReport } from '../domain/lifecycle.js';
import type { SharedSeries } from '../request-series.js';
import type { ManagementUpdate } from './protocol.js';

const notYet: ReadinessReport = {
  ready: false,
  phase: 'starting',
  manuallyDisabled: false,
  failing: ['lifecycle:starting'],
  checks: [],
};

/** What the worker knows of the main thread: the latest state it sent, and when it last heard from it. */
export class ManagementState {
  started = false;
  /** prom-client's families as last sent, encoded once: every scrape until the next one reuses it (and its gzip). */
  registryText: Buffer = Buffer.alloc(0);
  /** The RED families' memory and the exposition's content type, once the main thread has made them. */
  exposition: { readonly series: SharedSeries; readonly contentType: string } | undefined;
  #readiness = notYet;
  /** Undefined until the first message: the main thread may still be loading its modules. */
  #heardAt: number | undefined;

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  apply(update: ManagementUpdate): void {
    this.#heardAt = this.now();
    if (update.kind === 'attach') {
      this.exposition = { series: update.series, contentType: update.contentType };
    } else if (update.kind === 'state') {
      this.started = update.started;
      this.#readiness = update.readiness;
    } else if (update.kind === 'metrics') {
      this.registryText = Buffer.from(`${update.text}\n`);
    }
  }

  /**
   * Milliseconds the main event loop has been silent for, when that is longer
   * than allowed. Not before it has spoken once: until then the startup probe
   * (503) is the one that bounds a start that never ends.
   */
  stalledForMs(): number | undefined {
    if (this.#heardAt === undefined) return undefined;
    const silent = this.now() - this.#heardAt;
    return silent > this.stallMs ? silent : undefined;
  }

  /** The main thread's report, failing too while the main loop is stalled: it could serve nothing. */
  readiness(): ReadinessReport {
    if (this.stalledForMs() === undefined) return this.#readiness;
    return { ...this.#readiness, ready: false, failing: [...this.#readiness.failing, 'event-loop:stalled'] };
  }
}
