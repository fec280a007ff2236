/** Where the process is in its life; readiness is derived from it. */
export type Phase = 'starting' | 'serving' | 'draining';

/** A dependency readiness waits on; `required` failures make the pod unready. */
export interface ReadinessCheck {
  readonly name: string;
  readonly required: boolean;
  check(): Promise<void>;
}

export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'failing';
  readonly required: boolean;
  readonly detail?: string;
  readonly durationMs: number;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly phase: Phase;
  readonly manuallyDisabled: boolean;
  readonly failing: readonly string[];
  readonly checks: readonly CheckResult[];
}

const checkTimeoutMs = 1000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return {
      name: check.name,
      status: 'ok',
      required: check.required,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      name: check.name,
      status: 'failing',
      required: check.required,
      detail,
      durationMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The lifecycle state of one process: created by main, passed to the app and
 * to shutdown, so tests build their own instead of resetting globals.
 */
export class Lifecycle {
  #phase: Phase = 'starting';
  #manuallyDisabled = false;
  readonly #checks: ReadinessCheck[] = [];
  readonly startedAt = Date.now();
  /** The latest results and when they were taken (performance.now()). */
  #latest: { readonly at: number; readonly checks: CheckResult[] } | undefined;
  /** The run in progress: concurrent probes share it instead of each pinging the database. */
  #running: Promise<CheckResult[]> | undefined;
  #watchIntervalMs = 0;
  /** Counts watches begun and ended: a run that finishes after its watch ended schedules no other. */
  #watch = 0;
  #watchTimer: NodeJS.Timeout | undefined;
  readonly #listeners = new Set<() => void>();

  get phase(): Phase {
    return this.#phase;
  }

  get started(): boolean {
    return this.#phase !== 'starting';
  }

  get manuallyDisabled(): boolean {
    return this.#manuallyDisabled;
  }

  addCheck(check: ReadinessCheck): void {
    this.#checks.push(check);
  }

  /**
   * Calls `listener` whenever readiness may have changed: phase, manual switch,
   * or new check results. The management worker learns of a drain this way at
   * once, not at its next refresh. Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Initialisation finished: the startup probe passes and readiness may. */
  markStarted(): void {
    if (this.#phase === 'starting') this.#phase = 'serving';
    this.#changed();
  }

  /** Shutdown began: readiness fails from now on, whatever the checks say. */
  beginDrain(): void {
    this.#phase = 'draining';
    this.#changed();
  }

  setManuallyDisabled(disabled: boolean): void {
    this.#manuallyDisabled = disabled;
    this.#changed();
  }

  /**
   * Runs the checks every `intervalMs` in the background from now on, and
   * readiness answers from the latest results: a probe on a saturated pod
   * then costs no database round trip and cannot queue behind one. Results
   * older than two intervals plus the check timeout (a stalled loop) are not
   * trusted: the probe runs the checks itself. 0 keeps checking per probe.
   * Either way the checks run once now, and the returned promise settles when
   * that run's results are the latest: start-up awaits it before it reports
   * started, so the first probe after that never sees a result from before.
   */
  watchChecks(intervalMs: number): Promise<void> {
    this.stopWatching();
    const first = this.#checkNow();
    if (intervalMs <= 0 || this.#checks.length === 0) return first;
    this.#watchIntervalMs = intervalMs;
    const watch = ++this.#watch;
    const next = () => {
      if (watch !== this.#watch) return;
      this.#watchTimer = setTimeout(() => void this.#run().finally(next), intervalMs);
      this.#watchTimer.unref();
    };
    return first.finally(next);
  }

  /**
   * Runs every check now, after any run already under way (which may have
   * started before a dependency was open), and resolves once its results are
   * the latest.
   */
  async #checkNow(): Promise<void> {
    await this.#running;
    await this.#run();
  }

  /** Stops the background checks (shutdown); readiness checks per probe again. */
  stopWatching(): void {
    this.#watchIntervalMs = 0;
    this.#watch++;
    clearTimeout(this.#watchTimer);
    this.#watchTimer = undefined;
  }

  #run(): Promise<CheckResult[]> {
    this.#running ??= Promise.all(this.#checks.map(runCheck))
      .then((checks) => {
        this.#latest = { at: performance.now(), checks };
        return checks;
      })
      .finally(() => {
        this.#running = undefined;
        this.#changed();
      });
    return this.#running;
  }

  #freshResults(): CheckResult[] | undefined {
    if (this.#watchIntervalMs === 0 || !this.#latest) return undefined;
    const age = performance.now() - this.#latest.at;
    return age <= 2 * this.#watchIntervalMs + checkTimeoutMs ? this.#latest.checks : undefined;
  }

  async readiness(): Promise<ReadinessReport> {
    return this.#report(this.#freshResults() ?? (await this.#run()));
  }

  /**
   * Readiness from the results at hand, without running a check: for a
   * listener on another thread that must answer now. A check that has not
   * run yet counts as failing.
   */
  latestReadiness(): ReadinessReport {
    return this.#report(
      this.#latest?.checks ??
        this.#checks.map((c) => ({
          name: c.name,
          status: 'failing' as const,
          required: c.required,
          detail: 'not checked yet',
          durationMs: 0,
        })),
    );
  }

  #report(checks: readonly CheckResult[]): ReadinessReport {
    const failing: string[] = [];
    if (this.#phase !== 'serving') failing.push(`lifecycle:${this.#phase}`);
    if (this.#manuallyDisabled) failing.push('manual:disabled');
    for (const result of checks)
      if (result.required && result.status === 'failing') failing.push(result.name);
    return {
      ready: failing.length === 0,
      phase: this.#phase,
      manuallyDisabled: this.#manuallyDisabled,
      failing,
      checks,
    };
  }
}
