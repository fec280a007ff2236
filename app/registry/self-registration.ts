import type { Logger } from 'pino';
import type { Config } from '../config/load.js';
import { serviceTokenHeader } from '../http/service-guard.js';
import type { Registration } from './store.js';

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What this instance tells the registry: the name it registers under and its registration. */
export interface SelfAdvert {
  readonly name: string;
  readonly registration: Registration;
}

function toDnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * Works out the advert from config and the port actually bound. One entry per
 * instance (pod), grouped by the SERVICE_NAME tag: with one shared name, each
 * replica would overwrite the others and the first to stop would deregister all.
 */
export function selfAdvert(config: Config, hostname: string, port: number): SelfAdvert {
  const { registry, service } = config;
  const name =
    registry.instanceName ||
    toDnsLabel(hostname.startsWith(service.name) ? hostname : `${service.name}-${hostname}`);
  if (!dnsLabel.test(name)) {
    throw new Error(
      `REGISTRY_INSTANCE_NAME="${name}" must be a DNS label: a-z, 0-9 and -, at most 63 characters`,
    );
  }
  const host = registry.podIp || hostname;
  const base = (registry.selfUrl || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
    /\/+$/,
    '',
  );
  const tags = registry.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    name,
    registration: {
      url: base,
      healthUrl: `${base}/health/ready`,
      openapiUrl: `${base}/openapi.json`,
      tags: [...new Set([service.name, ...tags])],
    },
  };
}

/** Retry delay after `attempt` failures: exponential up to `maxMs`, the upper half jittered. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface SelfRegistrationOptions {
  readonly registryUrl: string;
  readonly advert: SelfAdvert;
  /** Sent as X-Service-Token; empty sends none. */
  readonly token: string;
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Re-register this often after success; 0 never. */
  readonly refreshIntervalMs: number;
  readonly logger: Logger;
  readonly random?: () => number;
}

export interface SelfRegistration {
  /** Whether a registration has succeeded (and so a deregistration is due at shutdown). */
  readonly registered: boolean;
  /** Stops retrying and deregisters, each call bounded by the timeout; never throws. */
  stop(): Promise<void>;
}

type Attempt = 'ok' | 'retry' | 'give-up';

/** 4xx other than these means the request itself is wrong: retrying cannot help. */
const retryable4xx = new Set([408, 409, 429]);

/**
 * Registers this instance in the background: start-up and readiness never wait
 * for it, and a registry that is down (or starts later) is retried with
 * exponential backoff and jitter until it answers.
 */
export function startSelfRegistration(options: SelfRegistrationOptions): SelfRegistration {
  const { logger, advert } = options;
  const random = options.random ?? Math.random;
  const serviceUrl = new URL(
    `registry/services/${encodeURIComponent(advert.name)}`,
    options.registryUrl.endsWith('/') ? options.registryUrl : `${options.registryUrl}/`,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers[serviceTokenHeader] = options.token;
  const stopping = new AbortController();
  let registered = false;

  const call = (method: 'PUT' | 'DELETE', signal: AbortSignal) =>
    fetch(serviceUrl, {
      method,
      headers,
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
      ...(method === 'PUT' ? { body: JSON.stringify(advert.registration) } : {}),
    });

  const attempt = async (): Promise<Attempt> => {
    try {
      const response = await call('PUT', stopping.signal);
      const body = await response.text();
      if (response.ok) return 'ok';
      const level = response.status >= 500 || retryable4xx.has(response.status) ? 'retry' : 'give-up';
      logger.warn({ status: response.status, body: body.slice(0, 500) }, 'registry refused the registration');
      return level;
    } catch (error) {
      if (!stopping.signal.aborted) logger.debug({ err: error }, 'registry unreachable');
      return 'retry';
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener('abort', done, { once: true });
    });

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const outcome = await attempt();
      if (stopping.signal.aborted) return;
      if (outcome === 'give-up') {
        logger.error({ registryUrl: options.registryUrl, name: advert.name }, 'self-registration given up');
        return;
      }
      if (outcome === 'ok') {
        if (!registered)
          logger.info(
            { registryUrl: options.registryUrl, name: advert.name, attempts: failures + 1 },
            'registered with the service registry',
          );
        registered = true;
        failures = 0;
        if (options.refreshIntervalMs === 0) return;
        await sleep(options.refreshIntervalMs);
        continue;
      }
      const delayMs = backoffDelay(failures++, options.retryBaseMs, options.retryMaxMs, random);
      logger.warn(
        { registryUrl: options.registryUrl, attempt: failures, retryInMs: delayMs },
        'registry not reachable; retrying',
      );
      await sleep(delayMs);
    }
  })();

  return {
    get registered() {
      return registered;
    },
    async stop() {
      stopping.abort();
      await loop;
      if (!registered) return;
      try {
        const response = await call('DELETE', new AbortController().signal);
        await response.body?.cancel();
        // 404: the registry no longer knew it (restarted, or removed by hand): the outcome wanted.
        if (response.ok || response.status === 404)
          logger.info(
            { name: advert.name, status: response.status },
            'deregistered from the service registry',
          );
        else
          logger.warn({ name: advert.name, status: response.status }, 'registry refused the deregistration');
      } catch (error) {
        logger.warn(
          { err: error, name: advert.name },
          'deregistration failed; the registry will see the instance unhealthy',
        );
      }
    },
  };
}
