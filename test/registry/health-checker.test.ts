import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../app/logger.js';
import { HealthChecker, type HealthCheckerOptions } from '../../app/registry/health-checker.js';
import { createRegistryMetrics } from '../../app/registry/metrics.js';
import { RegistryStore } from '../../app/registry/store.js';
import { sample } from '../support/app-deps.js';
import { answer, hang, type LocalServer, slow, startLocalServer } from '../support/local-server.js';
import { freePort } from '../support/net.js';

const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const s = await startLocalServer(handler);
  cleanups.push(() => s.close());
  return s;
}

function checker(options: Partial<HealthCheckerOptions> = {}) {
  const store = new RegistryStore(100);
  const prom = new Registry();
  const checker = new HealthChecker({
    store,
    metrics: createRegistryMetrics(prom, store),
    logger: createLogger({ level: 'silent', pretty: false, base: {} }),
    intervalMs: 60_000,
    jitterMs: 0,
    // Generous: on a busy machine a loopback 200 can take hundreds of milliseconds.
    timeoutMs: 2000,
    concurrency: 4,
    ...options,
  });
  cleanups.push(() => checker.stop());
  const register = (name: string, healthUrl: string) =>
    store.upsert(name, { url: healthUrl, healthUrl, tags: [] });
  return { store, prom, checker, register };
}

describe('registry health checker', () => {
  it('when services answer 2xx, 500, nothing in time or refuse, then they are healthy, unhealthy, timeout and error', async () => {
    const ok = await server(answer(204));
    const failing = await server(answer(500));
    const hanging = await server(hang);
    const refusedPort = await freePort();
    const { store, prom, checker: c, register } = checker({ timeoutMs: 1500 });
    register('ok', `${ok.url}/health/ready`);
    register('failing', `${failing.url}/health/ready`);
    register('hanging', `${hanging.url}/health/ready`);
    register('refused', `http://127.0.0.1:${refusedPort}/health/ready`);

    const started = Date.now();
    await c.runRound();
    const took = Date.now() - started;

    expect(store.get('ok')?.health).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
    expect(store.get('failing')?.health).toMatchObject({ status: 'unhealthy', detail: 'status 500' });
    expect(store.get('hanging')?.health).toMatchObject({
      status: 'unhealthy',
      detail: 'no answer within 1500 ms',
    });
    expect(store.get('refused')?.health).toMatchObject({ status: 'unhealthy', detail: 'ECONNREFUSED' });
    // The hang is cut at the timeout, not left to the OS.
    expect(took).toBeGreaterThanOrEqual(1490);
    expect(took).toBeLessThan(5000);
    const text = await prom.metrics();
    for (const outcome of ['healthy', 'unhealthy', 'timeout', 'error'])
      expect(sample(text, 'registry_health_checks_total', { outcome })).toBe(1);
    expect(sample(text, 'registry_services_registered')).toBe(4);
    expect(sample(text, 'registry_services_healthy')).toBe(1);
    expect(sample(text, 'registry_service_healthy', { service: 'ok' })).toBe(1);
    expect(sample(text, 'registry_service_healthy', { service: 'failing' })).toBe(0);
  });

  it('when fetch refuses the URL itself (a port browsers block), then the detail gives its reason, not "fetch failed"', async () => {
    const { store, checker: c, register } = checker();
    register('blocked', 'http://127.0.0.1:9/health/ready');

    await c.runRound();

    expect(store.get('blocked')?.health).toMatchObject({ status: 'unhealthy', detail: 'bad port' });
  });

  it('when a service keeps failing, then consecutive failures count up and one 2xx resets them', async () => {
    let status = 503;
    const flaky = await server((_req, res) => res.writeHead(status).end());
    const { store, checker: c, register } = checker();
    register('flaky', flaky.url);

    await c.runRound();
    await c.runRound();
    expect(store.get('flaky')?.health).toMatchObject({ status: 'unhealthy', consecutiveFailures: 2 });
    status = 200;
    await c.runRound();
    expect(store.get('flaky')?.health).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
  });

  it('when many services are checked, then no more than the concurrency limit are in flight at once', async () => {
    const target = await server(slow(100));
    const { store, checker: c, register } = checker({ concurrency: 3 });
    for (let i = 0; i < 12; i++) register(`svc-${i}`, `${target.url}/health/${i}`);

    await c.runRound();

    expect(target.requests).toHaveLength(12);
    expect(target.inFlight.max).toBe(3);
    expect(store.list().every((s) => s.health.status === 'healthy')).toBe(true);
  });

  it('when jitter is configured, then each check waits its random share of it and no longer', async () => {
    const target = await server(answer(200));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, checker: c, register } = checker({ jitterMs: 1000, random: () => 0.75 });
    register('late', target.url);

    const round = c.runRound();
    await vi.advanceTimersByTimeAsync(749);
    await realSleep(100);
    expect(target.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await round;

    expect(target.requests).toHaveLength(1);
    expect(store.get('late')?.health.status).toBe('healthy');
  });

  it('when started, then a round runs now and the next one an interval after it ends', async () => {
    const target = await server(answer(200));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { checker: c, register } = checker({ intervalMs: 10_000 });
    register('svc', target.url);

    c.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitUntil(() => target.requests.length === 1, { timeout: 2000, interval: 20 });
    await realSleep(50);
    await vi.advanceTimersByTimeAsync(9_000);
    await realSleep(100);
    expect(target.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitUntil(() => target.requests.length === 2, { timeout: 2000, interval: 20 });
  });

  it('when a service is deregistered or re-registered while its check is in flight, then the stale result is dropped', async () => {
    const target = await server(slow(150, 500));
    const { store, checker: c, register } = checker();
    register('gone', target.url);
    register('moved', target.url);

    const round = c.runRound();
    await vi.waitUntil(() => target.requests.length === 2, { timeout: 2000 });
    store.remove('gone');
    store.upsert('moved', { url: target.url, healthUrl: `${target.url}/new`, tags: [] });
    await round;

    expect(store.get('gone')).toBeUndefined();
    expect(store.get('moved')?.health.status).toBe('unknown');
  });

  it('when stopped while checks wait out their jitter, then none of them is sent', async () => {
    const target = await server(answer(200));
    const { store, prom, checker: c, register } = checker({ jitterMs: 60_000, random: () => 0.5 });
    register('waiting', target.url);

    const round = c.runRound();
    await c.stop();
    await round;

    expect(target.requests).toHaveLength(0);
    expect(store.get('waiting')?.health.status).toBe('unknown');
    // Not checked yet: counted as registered, but neither healthy nor unhealthy.
    const text = await prom.metrics();
    expect(sample(text, 'registry_services_registered')).toBe(1);
    expect(sample(text, 'registry_service_healthy', { service: 'waiting' })).toBeUndefined();
  });

  it('when the concurrency limit is not a positive integer, then it fails at construction', () => {
    expect(() => checker({ concurrency: 0 })).toThrow('concurrency must be a positive integer, got 0');
  });

  it('when stopped with a check hanging, then it aborts at once instead of waiting for the timeout', async () => {
    const hanging = await server(hang);
    const { store, checker: c, register } = checker({ timeoutMs: 30_000 });
    register('hanging', hanging.url);
    c.start();
    await vi.waitUntil(() => hanging.requests.length === 1, { timeout: 2000 });

    const started = Date.now();
    await c.stop();

    expect(Date.now() - started).toBeLessThan(1000);
    expect(store.get('hanging')?.health.status).toBe('unknown');
    c.checkSoon('hanging');
    await realSleep(50);
    expect(hanging.requests).toHaveLength(1);
  });
});
