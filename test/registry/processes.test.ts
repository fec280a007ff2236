import { afterEach, describe, expect, it } from 'vitest';
import { sample } from '../support/app-deps.js';
import { hang, type LocalServer, startLocalServer } from '../support/local-server.js';
import { freePort, pollUntil } from '../support/net.js';
import { killAll, type StartedService, startService } from '../support/process.js';

const token = 'process-test-token';
let hanging: LocalServer | undefined;
afterEach(async () => {
  await killAll();
  await hanging?.close();
  hanging = undefined;
});

function startRegistry(): Promise<StartedService> {
  return startService({
    env: {
      SERVICE_ROLE: 'registry',
      SERVICE_TOKEN: token,
      REGISTRY_CHECK_INTERVAL_MS: '200',
      REGISTRY_CHECK_JITTER_MS: '50',
      REGISTRY_CHECK_TIMEOUT_MS: '500',
    },
  });
}

function startApi(registry: StartedService, name: string): Promise<StartedService> {
  return startService({
    env: {
      REGISTRY_URL: registry.url,
      SERVICE_TOKEN: token,
      POD_IP: '127.0.0.1',
      REGISTRY_INSTANCE_NAME: name,
      REGISTRY_TAGS: 'process-test',
      SHUTDOWN_DRAIN_DELAY_MS: '100',
    },
  });
}

type Entry = { url: string; tags: string[]; health: { status: string; detail?: string } };

async function entry(registry: StartedService, name: string): Promise<Entry | 404> {
  const res = await fetch(`${registry.url}/registry/services/${name}`);
  if (res.status === 404) return 404;
  expect(res.status).toBe(200);
  return (await res.json()) as Entry;
}

/** Polls until the entry's health is `status` (or it is gone, for 404); returns how long it took. */
async function until(registry: StartedService, name: string, status: string | 404, from = Date.now()) {
  const found = await pollUntil(
    async () => {
      const e = await entry(registry, name);
      if (e === 404) return status === 404 ? e : undefined;
      return e.health.status === status ? e : undefined;
    },
    { what: `${name} ${status}`, timeoutMs: 30_000, intervalMs: 25 },
  );
  return { entry: found, ms: Date.now() - from };
}

const put = (registry: StartedService, name: string, body: string, withToken = true) =>
  fetch(`${registry.url}/registry/services/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(withToken ? { 'x-service-token': token } : {}) },
    body,
  });

// Each api process opens its embedded PostgreSQL (PGlite initdb): seconds each on a busy machine.
describe('registry and services as real processes', { timeout: 120_000 }, () => {
  it('when services register, then they turn healthy; a killed one turns unhealthy and a stopped one is deregistered', async () => {
    const registry = await startRegistry();
    const [killed, stopped] = await Promise.all([
      startApi(registry, 'svc-killed'),
      startApi(registry, 'svc-stopped'),
    ]);

    const healthy = await until(registry, 'svc-killed', 'healthy');
    await until(registry, 'svc-stopped', 'healthy');
    expect(healthy.entry).toMatchObject({ url: killed.url, tags: ['sample-api', 'process-test'] });
    const listed = (await (await fetch(`${registry.url}/registry/services?tag=process-test`)).json()) as {
      services: { name: string }[];
    };
    expect(listed.services.map((s) => s.name)).toEqual(['svc-killed', 'svc-stopped']);
    // The registry relays each service's own OpenAPI document.
    const doc = (await (await fetch(`${registry.url}/registry/services/svc-killed/openapi`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/info');

    const killedAt = Date.now();
    killed.child.kill('SIGKILL');
    const unhealthy = await until(registry, 'svc-killed', 'unhealthy', killedAt);
    // Refused once the port is closed; reset, closed mid-answer (undici's UND_ERR_SOCKET) or timed
    // out when a check caught the process dying.
    expect((unhealthy.entry as Entry).health.detail).toMatch(
      /^(ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|no answer within 500 ms)$/,
    );
    await killed.exited;
    await pollUntil(
      async () => {
        const e = await entry(registry, 'svc-killed');
        return e !== 404 && e.health.detail === 'ECONNREFUSED' ? e : undefined;
      },
      { what: 'checks of the dead process refused', timeoutMs: 10_000 },
    );

    const stoppingAt = Date.now();
    stopped.child.kill('SIGTERM');
    const gone = await until(registry, 'svc-stopped', 404, stoppingAt);
    const exit = await stopped.exited;
    expect(exit.code).toBe(0);
    expect(stopped.logs.some((l) => l.msg === 'deregistered from the service registry')).toBe(true);

    const metrics = await (await fetch(`${registry.url}/metrics`)).text();
    expect(sample(metrics, 'registry_services_registered')).toBe(1);
    expect(sample(metrics, 'registry_services_healthy')).toBe(0);
    console.info(
      `registry processes: registered -> healthy within ${healthy.ms} ms of start-up; SIGKILL -> unhealthy in ${unhealthy.ms} ms; SIGTERM -> deregistered in ${gone.ms} ms`,
    );
  });

  it('when registrations are malformed or health URLs unreachable, then the registry answers 400 and keeps serving', async () => {
    const registry = await startRegistry();
    hanging = await startLocalServer(hang);
    const refused = `http://127.0.0.1:${await freePort()}`;

    expect((await put(registry, 'bad', '{"url": ')).status).toBe(400);
    expect((await put(registry, 'bad', '{"url":"ftp://x","healthUrl":"http://x"}')).status).toBe(400);
    expect((await put(registry, 'bad', '{}', false)).status).toBe(401);
    const reg = (base: string) => JSON.stringify({ url: base, healthUrl: `${base}/health/ready` });
    expect((await put(registry, 'refused', reg(refused))).status).toBe(201);
    expect((await put(registry, 'hanging', reg(hanging.url))).status).toBe(201);

    expect((await until(registry, 'refused', 'unhealthy')).entry).toMatchObject({
      health: { detail: 'ECONNREFUSED' },
    });
    expect((await until(registry, 'hanging', 'unhealthy')).entry).toMatchObject({
      health: { detail: 'no answer within 500 ms' },
    });
    expect((await fetch(`${registry.url}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${registry.url}/metrics`)).text();
    expect(sample(metrics, 'registry_services_registered')).toBe(2);
    expect(sample(metrics, 'registry_health_checks_total', { outcome: 'error' })).toBeGreaterThan(0);
    expect(sample(metrics, 'registry_health_checks_total', { outcome: 'timeout' })).toBeGreaterThan(0);
    expect(registry.child.exitCode).toBeNull();
  });
});
