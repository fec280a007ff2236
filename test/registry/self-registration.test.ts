import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app.js';
import { loadConfig } from '../../app/config/load.js';
import {
  backoffDelay,
  type SelfAdvert,
  type SelfRegistrationOptions,
  selfAdvert,
  startSelfRegistration,
} from '../../app/registry/self-registration.js';
import { testDeps } from '../support/app-deps.js';
import { answer, startLocalServer } from '../support/local-server.js';
import { freePort, pollUntil } from '../support/net.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** A registry-role app really listening on loopback (on `port` when given). */
async function startRegistry(port = 0, env: Record<string, string> = {}) {
  const deps = testDeps({ env: { SERVICE_ROLE: 'registry', ...env } });
  const server = createServer(createApp(deps));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = async () => {
    await deps.registry!.checker.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  cleanups.push(close);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store: deps.registry!.store,
    close,
  };
}

async function advertFor(name = 'svc-a'): Promise<SelfAdvert> {
  const self = await startLocalServer(answer(200));
  cleanups.push(() => self.close());
  return {
    name,
    registration: { url: self.url, healthUrl: `${self.url}/health/ready`, tags: ['sample-api'] },
  };
}

function register(
  options: Partial<SelfRegistrationOptions> & Pick<SelfRegistrationOptions, 'registryUrl' | 'advert'>,
) {
  const deps = testDeps();
  const registration = startSelfRegistration({
    token: '',
    timeoutMs: 300,
    retryBaseMs: 50,
    retryMaxMs: 400,
    refreshIntervalMs: 0,
    logger: deps.logger,
    random: () => 0.5,
    ...options,
  });
  cleanups.push(() => registration.stop());
  return { registration, logs: deps.logs };
}

describe('self-registration backoff', () => {
  it('when attempts keep failing, then the delay doubles up to the cap with only its upper half jittered', () => {
    const ceilings = [100, 200, 400, 800, 1000, 1000];
    ceilings.forEach((ceiling, attempt) => {
      expect(backoffDelay(attempt, 100, 1000, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(attempt, 100, 1000, () => 1)).toBe(ceiling);
      const jittered = backoffDelay(attempt, 100, 1000, Math.random);
      expect(jittered).toBeGreaterThanOrEqual(ceiling / 2);
      expect(jittered).toBeLessThanOrEqual(ceiling);
    });
  });
});

describe('self advert', () => {
  const config = (env: Record<string, string> = {}) => loadConfig(env);

  it('when nothing is configured, then the instance is named after its pod and advertises its own address and port', () => {
    const advert = selfAdvert(
      config({ POD_IP: '10.1.2.3', REGISTRY_TAGS: 'v1, sample-api ,,canary' }),
      'sample-api-7d9f-x2k4p',
      8080,
    );
    expect(advert).toEqual({
      name: 'sample-api-7d9f-x2k4p',
      registration: {
        url: 'http://10.1.2.3:8080',
        healthUrl: 'http://10.1.2.3:8080/health/ready',
        openapiUrl: 'http://10.1.2.3:8080/openapi.json',
        tags: ['sample-api', 'v1', 'canary'],
      },
    });
  });

  it('when the host name is not a pod name, then it is made a DNS label under the service name; IPv6 is bracketed', () => {
    expect(selfAdvert(config(), 'My_Laptop.local', 3000).name).toBe('sample-api-my-laptop-local');
    expect(selfAdvert(config({ POD_IP: 'fd00::7' }), 'pod', 8080).registration.url).toBe(
      'http://[fd00::7]:8080',
    );
  });

  it('when REGISTRY_SELF_URL and REGISTRY_INSTANCE_NAME are set, then they win; a bad name fails at start-up', () => {
    const advert = selfAdvert(
      config({ REGISTRY_SELF_URL: 'https://api.example.com/', REGISTRY_INSTANCE_NAME: 'edge' }),
      'pod',
      8080,
    );
    expect(advert.name).toBe('edge');
    expect(advert.registration.healthUrl).toBe('https://api.example.com/health/ready');
    expect(() => selfAdvert(config({ REGISTRY_INSTANCE_NAME: 'Not_A_Label' }), 'pod', 1)).toThrow(
      /REGISTRY_INSTANCE_NAME="Not_A_Label" must be a DNS label/,
    );
  });

  it('when REGISTRY_URL or REGISTRY_SELF_URL is not an absolute http(s) URL, then configuration fails naming it', () => {
    expect(() => config({ REGISTRY_URL: 'registry:8080' })).toThrow(
      /REGISTRY_URL.*must be empty or an absolute http\(s\) URL/,
    );
    expect(() => config({ REGISTRY_SELF_URL: 'ftp://x' })).toThrow(/REGISTRY_SELF_URL/);
  });
});

describe('self-registration against a real registry', () => {
  it('when the registry starts late, then the service retries with growing delays and registers once it is up', async () => {
    const port = await freePort();
    const advert = await advertFor();
    const started = Date.now();
    const { registration, logs } = register({ registryUrl: `http://127.0.0.1:${port}`, advert });

    await pollUntil(
      async () =>
        logs.filter((l) => l.msg === 'registry not reachable; retrying').length >= 3 ? true : undefined,
      {
        what: 'three failed attempts',
      },
    );
    const registry = await startRegistry(port);
    await pollUntil(async () => (registration.registered ? true : undefined), {
      what: 'registration',
      timeoutMs: 5000,
    });
    const took = Date.now() - started;

    const delays = logs
      .filter((l) => l.msg === 'registry not reachable; retrying')
      .map((l) => l.retryInMs as number);
    // base 50, cap 400, dice 0.5: 38, 75, 150, 300, 300…
    expect(delays.slice(0, 4)).toEqual([38, 75, 150, 300].slice(0, Math.min(4, delays.length)));
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    expect(registration.registered).toBe(true);
    expect(registry.store.get('svc-a')?.tags).toEqual(['sample-api']);
    expect(logs.find((l) => l.msg === 'registered with the service registry')).toMatchObject({
      attempts: delays.length + 1,
    });
    await pollUntil(
      async () => (registry.store.get('svc-a')?.health.status === 'healthy' ? true : undefined),
      {
        what: 'healthy',
      },
    );
    expect(took).toBeLessThan(5000);

    await registration.stop();

    expect(registry.store.get('svc-a')).toBeUndefined();
    expect(logs.some((l) => l.msg === 'deregistered from the service registry' && l.status === 204)).toBe(
      true,
    );
  });

  it('when the registry refuses the token, then the service gives up at once instead of retrying', async () => {
    const registry = await startRegistry(0, { SERVICE_TOKEN: 'right' });
    const { registration, logs } = register({
      registryUrl: registry.url,
      advert: await advertFor(),
      token: 'wrong',
    });

    await pollUntil(async () => logs.find((l) => l.msg === 'self-registration given up'), {
      what: 'give-up',
    });

    expect(logs.filter((l) => l.msg === 'registry refused the registration')).toHaveLength(1);
    expect(logs.find((l) => l.msg === 'registry refused the registration')?.status).toBe(403);
    expect(registration.registered).toBe(false);
    expect(registry.store.size).toBe(0);
  });

  it('when the token is right, then it is sent as X-Service-Token and accepted', async () => {
    const registry = await startRegistry(0, { SERVICE_TOKEN: 'right' });
    register({ registryUrl: `${registry.url}/`, advert: await advertFor(), token: 'right' });

    await pollUntil(async () => registry.store.get('svc-a'), { what: 'registration' });
  });

  it('when the registry restarts empty, then the periodic refresh registers the service again', async () => {
    const first = await startRegistry();
    const port = Number(new URL(first.url).port);
    register({ registryUrl: first.url, advert: await advertFor(), refreshIntervalMs: 100 });
    await pollUntil(async () => first.store.get('svc-a'), { what: 'first registration' });

    await first.close();
    const second = await startRegistry(port);

    await pollUntil(async () => second.store.get('svc-a'), {
      what: 'registration after restart',
      timeoutMs: 5000,
    });
  });

  it('when the registry hangs on deregistration, then stop gives up after the timeout instead of stalling shutdown', async () => {
    const registry = await startLocalServer((req, res) => {
      if (req.method === 'PUT') res.writeHead(201).end('{}');
    });
    cleanups.push(() => registry.close());
    const { registration, logs } = register({
      registryUrl: registry.url,
      advert: await advertFor(),
      timeoutMs: 300,
    });
    await pollUntil(async () => (registration.registered ? true : undefined), { what: 'registration' });

    const started = Date.now();
    await registration.stop();
    const took = Date.now() - started;

    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
    expect(registry.requests.map((r) => r.method)).toEqual(['PUT', 'DELETE']);
    expect(
      logs.some((l) => l.msg === 'deregistration failed; the registry will see the instance unhealthy'),
    ).toBe(true);
  });

  it('when the registry refuses the deregistration, then stop says so instead of claiming success', async () => {
    const registry = await startLocalServer((req, res) =>
      res.writeHead(req.method === 'PUT' ? 201 : 403).end('{}'),
    );
    cleanups.push(() => registry.close());
    const { registration, logs } = register({ registryUrl: registry.url, advert: await advertFor() });
    await pollUntil(async () => (registration.registered ? true : undefined), { what: 'registration' });

    await registration.stop();

    expect(logs.find((l) => l.msg === 'registry refused the deregistration')).toMatchObject({ status: 403 });
    expect(logs.some((l) => l.msg === 'deregistered from the service registry')).toBe(false);
  });

  it('when stopped while the registry is still down, then it stops at once and sends no deregistration', async () => {
    const port = await freePort();
    const { registration, logs } = register({
      registryUrl: `http://127.0.0.1:${port}`,
      advert: await advertFor(),
      retryBaseMs: 10_000,
      retryMaxMs: 10_000,
    });
    await pollUntil(async () => logs.find((l) => l.msg === 'registry not reachable; retrying'), {
      what: 'first failure',
    });

    const started = Date.now();
    await registration.stop();

    expect(Date.now() - started).toBeLessThan(500);
    expect(logs.some((l) => String(l.msg).startsWith('deregist'))).toBe(false);
  });
});
