import type { Logger } from 'pino';
import { concurrencyLimit, type Limit } from './concurrency-limit.js';
import type { CheckOutcome, RegistryMetrics } from './metrics.js';
import type { RegisteredService, RegistryStore } from './store.js';

export interface HealthCheckerOptions {
  readonly store: RegistryStore;
  readonly metrics: RegistryMetrics;
  readonly logger: Logger;
  /** Pause between the end of one round of checks and the start of the next. */
  readonly intervalMs: number;
  /** Each check of a round waits a random 0..jitterMs first, so checks do not arrive in bursts. */
  readonly jitterMs: number;
  /** No answer (headers) within this time is unhealthy. */
  readonly timeoutMs: number;
  /** Most checks in flight at once. */
  readonly concurrency: number;
  /** Dice for the jitter; Math.random unless a test decides. */
  readonly random?: () => number;
}

/** Why a fetch failed, in a few words: the error code of its cause when there is one. */
function failureDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  // fetch's own message is only "fetch failed"; its cause says why (a refused "bad port", say).
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Polls every registered healthUrl (the PicoAPI master's health check): 2xx is
 * healthy; any other status, no answer within the timeout, or no connection is
 * unhealthy. Rounds never overlap: the next starts `intervalMs` after the last
 * check of the previous one finished.
 */
export class HealthChecker {
  readonly #options: HealthCheckerOptions;
  readonly #limit: Limit;
  readonly #random: () => number;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: HealthCheckerOptions) {
    this.#options = options;
    this.#limit = concurrencyLimit(options.concurrency);
    this.#random = options.random ?? Math.random;
  }

  /** Starts the schedule with a round now. */
  start(): void {
    this.#schedule(0);
  }

  /** Checks one service as soon as a slot is free (a new registration should not wait a round). */
  checkSoon(name: string): void {
    const service = this.#options.store.get(name);
    if (service && !this.#stopped) this.#track(this.#limit(() => this.#check(service)));
  }

  /** One round: every service registered now, each after its jitter, at most `concurrency` at once. */
  async runRound(): Promise<void> {
    const { store, jitterMs } = this.#options;
    await Promise.all(
      store.list().map(async (service) => {
        await this.#sleep(Math.floor(this.#random() * jitterMs));
        if (!this.#stopped) await this.#track(this.#limit(() => this.#check(service)));
      }),
    );
  }

  /** Stops the schedule, aborts checks in flight and waits for them to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const sleeper of this.#sleeping) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.#abort.abort();
    await Promise.allSettled([...this.#inFlight]);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      // A round that throws must not end the schedule, nor the process (an unhandled rejection would).
      void this.#track(this.runRound())
        .catch((error: unknown) => this.#options.logger.error({ err: error }, 'health check round failed'))
        .finally(() => this.#schedule(this.#options.intervalMs));
    }, delayMs);
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => sleeper.wake(), ms),
        wake: () => {
          this.#sleeping.delete(sleeper);
          resolve();
        },
      };
      this.#sleeping.add(sleeper);
    });
  }

  async #check(snapshot: RegisteredService): Promise<void> {
    const { store, metrics, logger, timeoutMs } = this.#options;
    // Deregistered or re-registered while it waited for a slot: this check is moot.
    if (this.#stopped || store.get(snapshot.name)?.generation !== snapshot.generation) return;
    let outcome: CheckOutcome;
    let detail: string;
    try {
      const response = await fetch(snapshot.healthUrl, {
        redirect: 'manual',
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel();
      outcome = response.ok ? 'healthy' : 'unhealthy';
      detail = `status ${response.status}`;
    } catch (error) {
      if (this.#stopped) return;
      const timedOut = (error as Error).name === 'TimeoutError';
      outcome = timedOut ? 'timeout' : 'error';
      detail = timedOut ? `no answer within ${timeoutMs} ms` : failureDetail(error);
    }
    metrics.checks.labels(outcome).inc();
    const before = store.get(snapshot.name)?.health.status;
    const healthy = outcome === 'healthy';
    if (!store.recordCheck(snapshot.name, snapshot.generation, healthy, healthy ? undefined : detail)) return;
    const after = healthy ? 'healthy' : 'unhealthy';
    if (before !== after) {
      logger[healthy ? 'info' : 'warn'](
        { service: snapshot.name, healthUrl: snapshot.healthUrl, from: before, to: after, detail },
        'registered service health changed',
      );
    }
  }
}
