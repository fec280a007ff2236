import { RegistryFullError } from '../errors.js';

/** What a service tells the registry about itself (the PicoAPI registration). */
export interface Registration {
  readonly url: string;
  readonly healthUrl: string;
  readonly tags: readonly string[];
  readonly openapiUrl?: string | undefined;
}

/** The last health check of a service; `unknown` until the first one finishes. */
export interface Health {
  readonly status: 'unknown' | 'healthy' | 'unhealthy';
  readonly checkedAt?: string;
  /** Why it is unhealthy: the status code, a timeout or a connection error. */
  readonly detail?: string;
  readonly consecutiveFailures: number;
}

export interface RegisteredService extends Registration {
  readonly name: string;
  readonly registeredAt: string;
  readonly health: Health;
  /** Bumped on every registration, so a check that started before a change cannot overwrite it. */
  readonly generation: number;
}

const unknownHealth: Health = { status: 'unknown', consecutiveFailures: 0 };

/**
 * The registry's directory of services, in memory: one instance per registry
 * process, created by startService (or a test) and passed in. A restart empties
 * it; services re-register on their refresh interval.
 */
export class RegistryStore {
  readonly #services = new Map<string, RegisteredService>();
  #generation = 0;

  constructor(
    readonly maxServices: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Adds or replaces a registration. Health survives a re-registration with the
   * same healthUrl (services refresh theirs periodically); a new healthUrl
   * starts from `unknown`.
   */
  upsert(name: string, registration: Registration): { created: boolean; service: RegisteredService } {
    const previous = this.#services.get(name);
    if (!previous && this.#services.size >= this.maxServices) throw new RegistryFullError(this.maxServices);
    const service: RegisteredService = {
      name,
      url: registration.url,
      healthUrl: registration.healthUrl,
      tags: [...new Set(registration.tags)],
      ...(registration.openapiUrl ? { openapiUrl: registration.openapiUrl } : {}),
      registeredAt: this.now().toISOString(),
      health: previous?.healthUrl === registration.healthUrl ? previous.health : unknownHealth,
      generation: ++this.#generation,
    };
    this.#services.set(name, service);
    return { created: !previous, service };
  }

  get(name: string): RegisteredService | undefined {
    return this.#services.get(name);
  }

  /** Every service, by name; only those carrying `tag` when it is given. */
  list(tag?: string): RegisteredService[] {
    return [...this.#services.values()]
      .filter((s) => tag === undefined || s.tags.includes(tag))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  remove(name: string): boolean {
    return this.#services.delete(name);
  }

  get size(): number {
    return this.#services.size;
  }

  /**
   * Records a check's outcome, unless the service was removed or re-registered
   * since the check started (its generation changed): then the result is stale.
   */
  recordCheck(name: string, generation: number, healthy: boolean, detail?: string): boolean {
    const current = this.#services.get(name);
    if (!current || current.generation !== generation) return false;
    const health: Health = {
      status: healthy ? 'healthy' : 'unhealthy',
      checkedAt: this.now().toISOString(),
      ...(detail ? { detail } : {}),
      consecutiveFailures: healthy ? 0 : current.health.consecutiveFailures + 1,
    };
    this.#services.set(name, { ...current, health });
    return true;
  }
}
