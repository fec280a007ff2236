import type { Role } from './instances.js';

/** Options of {@link TrafficGenerator}. */
export interface TrafficOptions {
  readonly targets: Readonly<Record<Role, string>>;
  readonly paths: readonly string[];
  /** Requests per second across both roles. */
  readonly ratePerSecond: number;
  /** Requests in flight at most; further ticks are skipped (counted as dropped). */
  readonly maxInFlight: number;
  readonly timeoutMs: number;
}

/** Requests sent and answers seen, per role. */
export interface TrafficCounts {
  sent: number;
  ok: number;
  serverErrors: number;
  failures: number;
}

/**
 * Open-loop loopback traffic split by the canary weight, the way a
 * replica-weighted Service or a weighted ingress would split it: of every 100
 * requests, `weight` go to the canary, spread evenly (no randomness).
 */
export class TrafficGenerator {
  readonly counts: Record<Role, TrafficCounts> = {
    stable: { sent: 0, ok: 0, serverErrors: 0, failures: 0 },
    canary: { sent: 0, ok: 0, serverErrors: 0, failures: 0 },
  };
  dropped = 0;
  #weight = 0;
  #credit = 0;
  #tick = 0;
  #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TrafficOptions) {
    if (options.paths.length === 0) throw new Error('traffic needs at least one path');
  }

  /** The canary's share of traffic, 0..100. */
  get weight(): number {
    return this.#weight;
  }

  setWeight(weight: number): void {
    if (!(weight >= 0 && weight <= 100)) throw new Error(`weight must be within 0..100, got ${weight}`);
    this.#weight = weight;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#send(), 1000 / this.options.ratePerSecond);
  }

  /** Stops sending and waits for requests in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
  }

  /** Which role the next request goes to. */
  nextRole(): Role {
    this.#credit += this.#weight / 100;
    if (this.#credit >= 1 - 1e-9) {
      this.#credit -= 1;
      return 'canary';
    }
    return 'stable';
  }

  #send(): void {
    if (this.#inFlight.size >= this.options.maxInFlight) {
      this.dropped++;
      return;
    }
    const role = this.nextRole();
    const path = this.options.paths[this.#tick++ % this.options.paths.length];
    const counts = this.counts[role];
    counts.sent++;
    const request = fetch(`${this.options.targets[role]}${path}`, {
      signal: AbortSignal.timeout(this.options.timeoutMs),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status >= 500) counts.serverErrors++;
        else counts.ok++;
      })
      .catch(() => {
        counts.failures++;
      })
      .finally(() => this.#inFlight.delete(request));
    this.#inFlight.add(request);
  }
}
