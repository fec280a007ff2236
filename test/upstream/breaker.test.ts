import type { ServerResponse } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sample } from '../support/app-deps.js';
import { answer } from '../support/local-server.js';
import { proxyApp, upstreamServer } from './harness.js';

// Only Date is faked: cockatiel decides "cool-down over" with Date.now(), while sockets and
// AbortSignal timers keep real time, so the local upstream still answers.
afterEach(() => {
  vi.useRealTimers();
});

const breakerEnv = {
  UPSTREAM_RETRIES: '0',
  UPSTREAM_BREAKER_THRESHOLD: '3',
  UPSTREAM_BREAKER_COOLDOWN_MS: '10000',
};

const stateOf = async (app: Parameters<typeof request>[0]) =>
  sample((await request(app).get('/metrics')).text, 'circuit_breaker_state', { upstream: 'backend' });

describe('circuit breaker per upstream', () => {
  it('when N attempts fail in a row, then the breaker opens and the next call fails fast with Retry-After, reaching no upstream', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let status = 503;
    const server = await upstreamServer((_req, res) => answer(status)(_req, res));
    const { app } = proxyApp(server.url, breakerEnv);

    for (let i = 0; i < 3; i++) await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(server.requests).toHaveLength(3);
    expect(await stateOf(app)).toBe(2);

    const started = performance.now();
    const fast = await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fast.headers['retry-after']).toBe('10');
    expect(fast.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:circuit-open',
      upstream: 'backend',
      retryAfterSeconds: 10,
    });
    expect(server.requests).toHaveLength(3);

    // Retry-After counts down to the half-open moment.
    vi.setSystemTime(Date.now() + 4_000);
    expect((await request(app).get('/api/v1/upstream/backend/x').expect(503)).headers['retry-after']).toBe(
      '6',
    );

    const text = (await request(app).get('/metrics')).text;
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'circuit_open' })).toBe(2);
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'server_error' })).toBe(3);

    // After the cool-down the next call is a probe; the upstream has recovered, so the breaker closes.
    status = 200;
    vi.setSystemTime(Date.now() + 6_001);
    await request(app).get('/api/v1/upstream/backend/x').expect(200);
    expect(server.requests).toHaveLength(4);
    expect(await stateOf(app)).toBe(0);
    await request(app).get('/api/v1/upstream/backend/x').expect(200);
    expect(server.requests).toHaveLength(5);
  });

  it('when the half-open probe is in flight, then the gauge reads 1; when it fails, the breaker opens again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let held: ServerResponse | undefined;
    const server = await upstreamServer(answer(503), answer(503), answer(503), (_req, res) => {
      held = res;
    });
    const { app } = proxyApp(server.url, breakerEnv);
    for (let i = 0; i < 3; i++) await request(app).get('/api/v1/upstream/backend/x').expect(503);

    vi.setSystemTime(Date.now() + 10_001);
    const probe = request(app)
      .get('/api/v1/upstream/backend/x')
      .then((r) => r);
    await vi.waitFor(() => expect(held).toBeDefined(), { timeout: 5000 });
    expect(await stateOf(app)).toBe(1);

    held?.writeHead(503).end();
    const res = await probe;
    expect(res.status).toBe(503);
    expect(res.body.type).toBe('urn:problem-type:canary-lab:upstream-unavailable');
    expect(await stateOf(app)).toBe(2);
    const again = await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(again.headers['retry-after']).toBe('10');
    expect(server.requests).toHaveLength(4);
  });

  it('when the upstream answers 4xx, then the breaker does not count it', async () => {
    const server = await upstreamServer(answer(404));
    const { app } = proxyApp(server.url, breakerEnv);
    for (let i = 0; i < 5; i++) await request(app).get('/api/v1/upstream/backend/x').expect(404);
    expect(server.requests).toHaveLength(5);
    expect(await stateOf(app)).toBe(0);
  });

  it('when one upstream is broken, then calls to another are unaffected', async () => {
    const bad = await upstreamServer(answer(503));
    const good = await upstreamServer(answer(200, { ok: true }));
    const { app } = proxyApp(bad.url, { ...breakerEnv, UPSTREAMS: `backend=${bad.url},other=${good.url}` });
    for (let i = 0; i < 4; i++) await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(await stateOf(app)).toBe(2);
    await request(app).get('/api/v1/upstream/other/x').expect(200, { ok: true });
    const text = (await request(app).get('/metrics')).text;
    expect(sample(text, 'circuit_breaker_state', { upstream: 'other' })).toBe(0);
  });

  it('when retries open the breaker mid-call, then the call ends as circuit-open without another attempt', async () => {
    const server = await upstreamServer(answer(503));
    const { app } = proxyApp(server.url, { ...breakerEnv, UPSTREAM_RETRIES: '5' });
    const res = await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(res.body.type).toBe('urn:problem-type:canary-lab:circuit-open');
    expect(server.requests).toHaveLength(3);
  });
});
