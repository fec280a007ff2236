import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readBuildInfo } from '../../app/build-info.js';
import { loadConfig } from '../../app/config/load.js';
import { type RunningService, startService } from '../../app/server.js';
import { sample, testDeps } from '../support/app-deps.js';
import { freePort, pollUntil } from '../support/net.js';
import { freshPgliteDir } from '../support/pglite-template.js';

const running: RunningService[] = [];
const pgliteDirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const dir of pgliteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}, { settleHeap }: { settleHeap?: () => void } = {}) {
  // The api role opens the items store: a copy of an initialised PGlite directory skips initdb (seconds).
  const dir = await freshPgliteDir();
  pgliteDirs.push(dir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    PGLITE_DATA_DIR: dir,
    ...env,
  });
  const { logger, logs } = testDeps();
  const service = await startService({
    config,
    logger,
    buildInfo: { version: '9.9.9', commit: 'c0ffee', buildTime: null },
    hostname: 'h',
    ...(settleHeap ? { settleHeap } : {}),
  });
  running.push(service);
  return { service, logs, url: `http://127.0.0.1:${service.port}` };
}

describe('startService', () => {
  it('when started, then it listens, reports started and serves the app', async () => {
    const { url, logs, service } = await start();
    expect((await fetch(`${url}/health/startup`)).status).toBe(200);
    expect(await (await fetch(`${url}/api/version`)).json()).toEqual({
      version: '9.9.9',
      commit: 'c0ffee',
      buildTime: null,
    });
    expect(logs.some((l) => l.msg === 'sample-api started' && l.port === service.port)).toBe(true);
  });

  it('when MANAGEMENT_PORT is set, then a worker thread serves the probes and /metrics there', async () => {
    const { url, service } = await start({ MANAGEMENT_PORT: '0' });
    expect(service.managementPort).toBeUndefined();
    const separate = await start({ MANAGEMENT_PORT: String(await freePort()) });
    const management = `http://127.0.0.1:${separate.service.managementPort}`;
    expect((await fetch(`${separate.url}/metrics`)).status).toBe(404);
    await fetch(`${separate.url}/api/info`);
    // Recorded on the response's 'close', which may follow the client's answer; the worker does not wait.
    const text = await pollUntil(
      async () => {
        const now = await (await fetch(`${management}/metrics`)).text();
        return sample(now, 'http_requests_total', { route: '/api/info' }) === undefined ? undefined : now;
      },
      { what: '/api/info counted on the management port' },
    );
    expect(sample(text, 'app_info', { version: '9.9.9' })).toBe(1);
    expect(sample(text, 'http_requests_total', { route: '/api/info', status_code: '200' })).toBe(1);
    expect((await fetch(`${management}/health/ready`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });

  it('when given a heap settler, then it runs it once after started, and the worker, told to settle after it, serves on', async () => {
    let settled = 0;
    const { url, service } = await start(
      { MANAGEMENT_PORT: String(await freePort()) },
      { settleHeap: () => void settled++ },
    );
    expect(service.deps.lifecycle.started).toBe(true);
    await pollUntil(async () => (settled > 0 ? true : undefined), { what: 'the heap settled' });
    await fetch(`${url}/api/info`);

    const management = `http://127.0.0.1:${service.managementPort}`;
    const scrape = await pollUntil(
      async () => {
        const now = await (await fetch(`${management}/metrics`)).text();
        return now.includes('route="/api/info"') ? now : undefined;
      },
      { what: '/api/info counted on the management port' },
    );
    expect(scrape).toContain('process_cpu_seconds_total');
    expect((await fetch(`${management}/health/ready`)).status).toBe(200);
    expect(settled).toBe(1);
  });

  it('when the main event loop stalls, then the management port fails liveness and readiness, and recovers after', async () => {
    const { service } = await start({
      MANAGEMENT_PORT: String(await freePort()),
      MANAGEMENT_STALL_MS: '300',
    });
    const management = `http://127.0.0.1:${service.managementPort}`;
    // Asked from another process while this thread is blocked: only the worker can answer.
    const statusWhileBlocked = (path: string) =>
      spawnSync(
        process.execPath,
        ['-e', `fetch('${management}${path}').then((r) => console.log(r.status))`],
        {
          encoding: 'utf8',
        },
      ).stdout.trim();
    expect((await fetch(`${management}/health/live`)).status).toBe(200);
    const until = Date.now() + 600;
    while (Date.now() < until); // the stall: a synchronous loop on the main thread
    expect(statusWhileBlocked('/health/live')).toBe('503');
    expect(statusWhileBlocked('/health/ready')).toBe('503');
    await pollUntil(
      async () => ((await fetch(`${management}/health/live`)).status === 200 ? true : undefined),
      {
        timeoutMs: 5000,
        what: 'liveness back to 200',
      },
    );
    const ready = await fetch(`${management}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('when it reports started, then readiness on the management port already answers from a finished check', async () => {
    const { service } = await start({ MANAGEMENT_PORT: String(await freePort()) });
    // Asked from another process before this thread takes another turn, as a probe can arrive while the
    // first turns after start-up are spent on traffic: a check still waiting for its answer would be a 503.
    const answer = spawnSync(
      process.execPath,
      [
        '-e',
        `fetch('http://127.0.0.1:${service.managementPort}/health/ready').then(async (r) => console.log(r.status, await r.text()))`,
      ],
      { encoding: 'utf8' },
    ).stdout.trim();
    expect(answer).toMatch(/^200 /);
  });

  it('when the management port is taken, then starting fails instead of hanging', async () => {
    const { service } = await start();
    await expect(start({ MANAGEMENT_PORT: String(service.port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('when the port is taken, then starting fails instead of hanging', async () => {
    const { service } = await start();
    await expect(start({ PORT: String(service.port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('when the port is taken while the management worker boots, then starting fails and releases the management port', async () => {
    const { service } = await start();
    const managementPort = String(await freePort());
    await expect(start({ PORT: String(service.port), MANAGEMENT_PORT: managementPort })).rejects.toThrow(
      /EADDRINUSE/,
    );
    // The worker was stopped with the failed start: its port can be listened on again.
    const again = await start({ MANAGEMENT_PORT: managementPort });
    expect(again.service.managementPort).toBe(Number(managementPort));
  });

  it('when in the loadgen role, then it sends steady traffic to the target and counts it', async () => {
    const target = await start();
    const gen = await start({
      SERVICE_ROLE: 'loadgen',
      LOADGEN_TARGET_URL: target.url,
      LOADGEN_PATHS: '/api/info, /api/nope',
      LOADGEN_RATE_PER_SECOND: '50',
    });
    await expect
      .poll(
        async () =>
          sample(await (await fetch(`${target.url}/metrics`)).text(), 'http_requests_total', {
            route: '/api/info',
          }),
        {
          timeout: 3000,
        },
      )
      .toBeGreaterThanOrEqual(3);
    const own = await (await fetch(`${gen.url}/metrics`)).text();
    expect(
      sample(own, 'loadgen_requests_total', { path: '/api/info', outcome: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(own, 'loadgen_requests_total', { path: '/api/nope', outcome: '404' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('when the loadgen target is down, then failures are counted, not thrown', async () => {
    const gen = await start({
      SERVICE_ROLE: 'loadgen',
      LOADGEN_TARGET_URL: 'http://127.0.0.1:9',
      LOADGEN_RATE_PER_SECOND: '50',
    });
    await expect
      .poll(
        async () =>
          sample(await (await fetch(`${gen.url}/metrics`)).text(), 'loadgen_requests_total', {
            outcome: 'error',
          }),
        {
          timeout: 3000,
        },
      )
      .toBeGreaterThanOrEqual(1);
  });
});

describe('ordered shutdown', () => {
  it('when stopped, then readiness fails first, in-flight requests finish, then resources close', async () => {
    const { service, url, logs } = await start({ SHUTDOWN_DRAIN_DELAY_MS: '150' });
    running.pop();
    const slow = fetch(`${url}/demo/slow?ms=300`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 20));
    const stopping = service.stop();
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect(await slow).toEqual({ status: 200, body: { waitedMs: 300 } });
    expect(await stopping).toBe('clean');
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    expect(logs.map((l) => l.msg).filter((m) => m.startsWith('shutdown'))).toEqual([
      'shutdown: readiness is 503, draining',
      'shutdown: listener closing, finishing in-flight requests',
      'shutdown: done',
    ]);
  });

  it('when a request outlives the deadline, then shutdown reports it and cuts the connection', async () => {
    const { service, url, logs } = await start({ SHUTDOWN_TIMEOUT_MS: '100' });
    running.pop();
    const slow = fetch(`${url}/demo/slow?ms=2000`).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(await service.stop()).toBe('deadline');
    expect(await slow).toBe('cut');
    expect(logs.some((l) => l.level === 'error' && l.msg.includes('deadline passed'))).toBe(true);
  });
});

describe('build info', () => {
  it('when the stamp exists, then it is read and checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-info-'));
    const file = join(dir, 'build-info.json');
    writeFileSync(
      file,
      JSON.stringify({ version: '2.0.0', commit: 'abc', buildTime: '2026-01-01T00:00:00Z' }),
    );
    expect(readBuildInfo(pathToFileURL(file), '0')).toEqual({
      version: '2.0.0',
      commit: 'abc',
      buildTime: '2026-01-01T00:00:00Z',
    });
    writeFileSync(file, JSON.stringify({ version: '', commit: 'abc' }));
    expect(() => readBuildInfo(pathToFileURL(file), '0')).toThrow();
  });

  it('when running from source, then it says so instead of inventing a commit', () => {
    const missing = pathToFileURL(join(tmpdir(), 'no-such-dir', 'build-info.json'));
    expect(readBuildInfo(missing, '0.1.0')).toEqual({ version: '0.1.0', commit: 'source', buildTime: null });
  });
});
