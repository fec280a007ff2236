import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app/deps.js';
import { Lifecycle } from '../../app/domain/lifecycle.js';
import { type Management, spawnManagement } from '../../app/management/management.js';
import { createManagementServer } from '../../app/management/management-server.js';
import { ManagementState } from '../../app/management/management-state.js';
import type { ManagementInit, ManagementUpdate } from '../../app/management/protocol.js';
import { sample, testApp } from '../support/app-deps.js';
import { pollUntil } from '../support/net.js';

/**
 * The management listener in this thread, fed as the worker is fed: what the
 * main thread would post, applied by hand, on a clock the test moves.
 */
function managementFor(deps: AppDeps, stallMs = 2000, { attach = true } = {}) {
  const clock = { now: 1_000_000 };
  const state = new ManagementState(stallMs, () => clock.now);
  const server = createManagementServer(state);
  if (attach)
    state.apply({ kind: 'attach', series: deps.metrics.series, contentType: deps.metrics.contentType });
  const publish = async () => {
    state.apply({
      kind: 'state',
      started: deps.lifecycle.started,
      readiness: deps.lifecycle.latestReadiness(),
    });
    state.apply({ kind: 'metrics', text: await deps.metrics.registryText() });
  };
  return { server, state, clock, publish };
}

/** The parts of a probe answer that do not depend on timing. */
const stable = (body: { checks?: { durationMs: number }[] }) => ({
  ...body,
  checks: body.checks?.map((c) => ({ ...c, durationMs: 0 })),
});

describe('management listener (in this thread)', () => {
  it('when the lifecycle moves from starting to serving to draining, then its probes answer as the API port does', async () => {
    const { app, deps } = testApp({ started: false });
    deps.lifecycle.addCheck({ name: 'database', required: true, check: async () => {} });
    await deps.lifecycle.readiness();
    const { server, publish } = managementFor(deps);
    const paths = ['/health/live', '/health/ready', '/health/startup'];
    const both = async () => {
      await publish();
      return Promise.all(
        paths.map(async (path) => {
          const [api, management] = await Promise.all([request(app).get(path), request(server).get(path)]);
          expect(management.status, path).toBe(api.status);
          expect(stable(management.body), path).toEqual(stable(api.body));
          expect(management.headers['content-type']).toBe('application/json; charset=utf-8');
          return management.status;
        }),
      );
    };
    expect(await both()).toEqual([200, 503, 503]);
    deps.lifecycle.markStarted();
    expect(await both()).toEqual([200, 200, 200]);
    deps.lifecycle.setManuallyDisabled(true);
    expect(await both()).toEqual([200, 503, 200]);
    deps.lifecycle.setManuallyDisabled(false);
    deps.lifecycle.beginDrain();
    expect(await both()).toEqual([200, 503, 200]);
  });

  it('when nothing has been published yet, then readiness and startup say starting', async () => {
    const { deps } = testApp();
    const { server } = managementFor(deps);
    const ready = await request(server).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'unavailable',
      phase: 'starting',
      failing: ['lifecycle:starting'],
    });
    await request(server).get('/health/startup').expect(503, { status: 'starting' });
  });

  it('when the main thread has not spoken yet (still loading the app), then it is live but not started, and has no metrics yet', async () => {
    const { deps } = testApp();
    const { server, clock } = managementFor(deps, 2000, { attach: false });
    // Loading can outlast the stall limit on a slow node: the startup probe bounds it, not liveness.
    clock.now += 10_000;
    await request(server).get('/health/live').expect(200);
    await request(server).get('/health/startup').expect(503);
    await request(server).get('/health/ready').expect(503);
    const metrics = await request(server).get('/metrics').expect(503);
    expect(metrics.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(metrics.body.detail).toContain('no metrics yet');
  });

  it('when the main thread has been silent longer than the stall limit, then liveness and readiness fail, and pass again once it speaks', async () => {
    const { deps } = testApp();
    const { server, clock, publish } = managementFor(deps, 2000);
    await publish();
    clock.now += 2000;
    await request(server).get('/health/live').expect(200);
    clock.now += 1;
    const live = await request(server).get('/health/live').expect(503);
    expect(live.body).toEqual({ status: 'unavailable', detail: 'event loop silent for 2001 ms' });
    const ready = await request(server).get('/health/ready').expect(503);
    expect(ready.body.failing).toEqual(['event-loop:stalled']);
    await request(server).get('/health/startup').expect(200);
    await publish();
    await request(server).get('/health/live').expect(200);
    await request(server).get('/health/ready').expect(200);
  });

  it('when scraped, then it has the RED families live from shared memory and the registry as last published', async () => {
    const { app, deps } = testApp();
    const { server, state, publish } = managementFor(deps);
    await publish();
    // A settle message (app/settle-heap.ts) is a heartbeat too, and leaves the registry as published.
    state.apply({ kind: 'settle' });
    await request(app).get('/api/info').expect(200);
    await request(app).get('/api/info').expect(200);
    const plain = await request(server).get('/metrics').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-type']).toBe(deps.metrics.contentType);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(sample(plain.text, 'http_requests_total', { route: '/api/info', status_code: '200' })).toBe(2);
    expect(sample(plain.text, 'app_info', { version: '1.2.3' })).toBe(1);
    const apiText = (await request(app).get('/metrics').set('Accept-Encoding', 'identity')).text;
    expect(plain.text).toBe(apiText);
  });

  it('when the scraper accepts gzip, then the answer is gzipped and says so', async () => {
    const { deps } = testApp();
    deps.metrics.recordRequest('GET', '/api/info', 200, 0.01, 0, 10);
    const { server, publish } = managementFor(deps);
    await publish();
    const res = await request(server).get('/metrics').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    // supertest inflated it (and would have failed on a body that was not gzip).
    const text = res.text;
    expect(sample(text, 'http_requests_total', { route: '/api/info' })).toBe(1);
  });

  it('when asked for another path or method, then it answers 404 or 405 as problem+json', async () => {
    const { deps } = testApp();
    const { server } = managementFor(deps);
    const missing = await request(server).get('/api/info').expect(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(missing.body).toMatchObject({ status: 404, title: 'Not Found' });
    const post = await request(server).post('/health/ready/disable').expect(404);
    expect(post.body.detail).toContain('/health/ready/disable');
    const wrong = await request(server).post('/metrics').expect(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    await request(server).head('/health/live').expect(200);
  });
});

describe('management worker', () => {
  const started: Management[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
  });

  it('when the lifecycle changes, then the worker answers the new readiness without waiting for a request to the API', async () => {
    const { deps } = testApp({ started: false });
    const management = spawnManagement({ port: 0, host: '127.0.0.1', stallMs: 60_000, logger: deps.logger });
    started.push(management);
    const port = await management.listening;
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    // Listening before it is attached, as while app/main.ts still loads the app.
    expect((await fetch(url('/health/live'))).status).toBe(200);
    expect((await fetch(url('/metrics'))).status).toBe(503);
    management.attach({ lifecycle: deps.lifecycle, metrics: deps.metrics });
    const statusBecomes = (path: string, status: number) =>
      pollUntil(async () => ((await fetch(url(path))).status === status ? true : undefined), {
        timeoutMs: 5000,
        what: `${path} answering ${status}`,
      });
    await statusBecomes('/health/startup', 503);
    await statusBecomes('/metrics', 200);
    deps.lifecycle.markStarted();
    await statusBecomes('/health/startup', 200);
    await statusBecomes('/health/ready', 200);
    deps.lifecycle.beginDrain();
    await statusBecomes('/health/ready', 503);
    expect(await (await fetch(url('/health/ready'))).json()).toMatchObject({ phase: 'draining' });
    await management.close();
    await expect(fetch(url('/health/live'))).rejects.toThrow();
  });

  it('when the main thread says settle, then the worker hands back its start-up heap, and not before', async () => {
    // The worker entry itself, so the test can read its heap (app/settle-heap.ts).
    const worker = new Worker(new URL('../../app/management/worker.ts', import.meta.url), {
      workerData: { port: 0, host: '127.0.0.1', stallMs: 60_000 } satisfies ManagementInit,
      execArgv: ['--import', 'tsx'],
    });
    try {
      expect((await once(worker, 'message'))[0]).toMatchObject({ kind: 'listening' });
      const listening = (await worker.getHeapStatistics()).total_heap_size;
      const heapAfter = async (update: ManagementUpdate) => {
        worker.postMessage(update);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return (await worker.getHeapStatistics()).total_heap_size;
      };
      const started = await heapAfter({
        kind: 'state',
        started: true,
        readiness: new Lifecycle().latestReadiness(),
      });
      const settled = await heapAfter({ kind: 'settle' });
      expect(started).toBeGreaterThan(listening * 0.9);
      expect(settled).toBeLessThan(started * 0.75);
    } finally {
      await worker.terminate();
    }
  });
});
