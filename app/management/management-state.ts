import type { ReadinessReport } from '../domain/lifecycle.js';
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
  #readiness = notYet;
  #heardAt: number;

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#heardAt = now();
  }

  apply(update: ManagementUpdate): void {
    this.#heardAt = this.now();
    if (update.kind === 'state') {
      this.started = update.started;
      this.#readiness = update.readiness;
    } else {
      this.registryText = Buffer.from(`${update.text}\n`);
    }
  }

  /** Milliseconds the main event loop has been silent for, when that is longer than allowed. */
  stalledForMs(): number | undefined {
    const silent = this.now() - this.#heardAt;
    return silent > this.stallMs ? silent : undefined;
  }

  /** The main thread's report, failing too while the main loop is stalled: it could serve nothing. */
  readiness(): ReadinessReport {
    if (this.stalledForMs() === undefined) return this.#readiness;
    return { ...this.#readiness, ready: false, failing: [...this.#readiness.failing, 'event-loop:stalled'] };
  }
}
