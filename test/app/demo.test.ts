import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

describe('demo endpoints', () => {
  it('when /demo/slow is asked for a delay, then it waits that long', async () => {
    const { app } = testApp();
    const started = performance.now();
    await request(app).get('/demo/slow?ms=80').expect(200, { waitedMs: 80 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('when /demo/error is asked for a status, then it answers it as problem+json', async () => {
    const { app } = testApp();
    const res = await request(app).get('/demo/error?status=418').expect(418);
    expect(res.body).toMatchObject({ title: 'Demo error', status: 418 });
    await request(app).get('/demo/error').expect(500);
  });

  it('when /demo/status/:code is asked, then it answers that code', async () => {
    const { app } = testApp();
    await request(app).get('/demo/status/202').expect(202, { status: 202 });
    await request(app).get('/demo/status/204').expect(204);
    await request(app).get('/demo/status/503').expect(503);
  });

  it('when /demo/cpu burns, then other requests are still answered meanwhile', async () => {
    const { app } = testApp();
    const server = app.listen(0);
    try {
      const burn = request(server).get('/demo/cpu?ms=400');
      const burning = burn.then((r) => r.status);
      await new Promise((r) => setTimeout(r, 50));
      const started = performance.now();
      await request(server).get('/health/live').expect(200);
      const probeMs = performance.now() - started;
      expect(await burning).toBe(200);
      expect(probeMs).toBeLessThan(300);
    } finally {
      server.close();
    }
  });

  it('when /demo/memory allocates, then it is held and then released', async () => {
    const { app, deps } = testApp();
    const pending = request(app)
      .get('/demo/memory?mb=8&holdMs=100')
      .then((r) => r);
    await new Promise((r) => setTimeout(r, 40));
    expect(deps.memoryBudget.heldMb).toBe(8);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ heldMb: 8, waitedMs: 100 });
    expect(deps.memoryBudget.heldMb).toBe(0);
  });

  it('when concurrent allocations would pass the budget, then 429 with Retry-After', async () => {
    const { app } = testApp({ env: { DEMO_MAX_MEMORY_MB: '10', DEMO_MAX_HOLD_MS: '2000' } });
    const first = request(app)
      .get('/demo/memory?mb=8&holdMs=150')
      .then((r) => r.status);
    await new Promise((r) => setTimeout(r, 40));
    const second = await request(app).get('/demo/memory?mb=8&holdMs=10').expect(429);
    expect(second.headers['retry-after']).toBe('2');
    expect(second.body.detail).toBe('holding 8 MiB more would pass the 10 MiB demo budget');
    expect(await first).toBe(200);
  });

  it.each([
    ['/demo/slow?ms=abc', 'ms', 'query', 'must be a whole number'],
    ['/demo/slow?ms=1.5', 'ms', 'query', 'must be a whole number'],
    ['/demo/slow?ms=-1', 'ms', 'query', 'must be at least 0'],
    ['/demo/slow?ms=10001', 'ms', 'query', 'must be at most 10000'],
    ['/demo/slow?ms=', 'ms', 'query', 'must not be empty'],
    ['/demo/slow?ms=1&ms=2', 'ms', 'query', 'must be given once'],
    ['/demo/error?status=200', 'status', 'query', 'must be at least 400'],
    ['/demo/cpu?ms=5001', 'ms', 'query', 'must be at most 5000'],
    ['/demo/memory?mb=257', 'mb', 'query', 'must be at most 256'],
    ['/demo/memory?holdMs=30001', 'holdMs', 'query', 'must be at most 30000'],
    ['/demo/status/abc', 'code', 'path', 'must be a whole number'],
    ['/demo/status/600', 'code', 'path', 'must be at most 599'],
    ['/demo/status/99', 'code', 'path', 'must be at least 200'],
  ])('when %s, then 400 names the %s %s parameter', async (path, name, where, reason) => {
    const { app } = testApp();
    const res = await request(app).get(path).expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.invalidParams).toEqual([{ name, in: where, reason }]);
    expect(res.body.detail).toBe(`${where} parameter '${name}': ${reason}`);
  });

  it('when bounds are configured, then the endpoints enforce them', async () => {
    const { app } = testApp({ env: { DEMO_MAX_DELAY_MS: '50' } });
    await request(app).get('/demo/slow?ms=51').expect(400);
    await request(app).get('/demo/slow').expect(200, { waitedMs: 50 });
  });

  it('when demo endpoints are switched off, then they do not exist', async () => {
    const { app } = testApp({ env: { DEMO_ENABLED: 'false' } });
    await request(app).get('/demo/slow?ms=1').expect(404);
    const doc = (await request(app).get('/openapi.json')).body;
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/demo'))).toBe(false);
  });
});
