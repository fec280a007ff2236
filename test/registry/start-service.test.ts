import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { type RunningService, startService } from '../../app/server.js';
import { testDeps } from '../support/app-deps.js';
import { freePort, pollUntil } from '../support/net.js';

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(env: Record<string, string>) {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SHUTDOWN_DRAIN_DELAY_MS: '0', ...env });
  const { logger, logs } = testDeps();
  const service = await startService({
    config,
    logger,
    buildInfo: { version: '9.9.9', commit: 'c0ffee', buildTime: null },
    hostname: 'pod-a',
  });
  running.push(service);
  return { service, logs, url: `http://127.0.0.1:${service.port}` };
}

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// The api role opens its embedded PostgreSQL (PGlite initdb) on start: seconds, more on a busy machine.
describe('startService with the registry', { timeout: 90_000 }, () => {
  it('when the registry is down, then the api still starts and turns ready while registration retries', async () => {
    const dead = await freePort();
    const { url, logs } = await start({
      REGISTRY_URL: `http://127.0.0.1:${dead}`,
      REGISTRY_RETRY_BASE_MS: '50',
    });

    expect((await json(`${url}/health/ready`)).status).toBe(200);
    await pollUntil(async () => logs.find((l) => l.msg === 'registry not reachable; retrying'), {
      what: 'a retry',
    });
  });

  it('when an api instance starts and stops, then the registry role lists it healthy and then forgets it', async () => {
    const registry = await start({
      SERVICE_ROLE: 'registry',
      SERVICE_TOKEN: 'shared',
      REGISTRY_CHECK_INTERVAL_MS: '100',
      REGISTRY_CHECK_JITTER_MS: '20',
    });
    const api = await start({
      REGISTRY_URL: registry.url,
      SERVICE_TOKEN: 'shared',
      POD_IP: '127.0.0.1',
      REGISTRY_TAGS: 'items',
    });

    const entry = await pollUntil(
      async () => {
        const { body } = await json(`${registry.url}/registry/services/sample-api-pod-a`);
        return (body.health as { status: string } | undefined)?.status === 'healthy' ? body : undefined;
      },
      { what: 'the api registered and healthy' },
    );
    expect(entry).toMatchObject({ url: api.url, tags: ['sample-api', 'items'] });

    await api.service.stop();
    running.splice(running.indexOf(api.service), 1);

    expect((await json(`${registry.url}/registry/services/sample-api-pod-a`)).status).toBe(404);
    expect(api.logs.some((l) => l.msg === 'deregistered from the service registry')).toBe(true);
  });
});
