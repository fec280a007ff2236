import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

describe('correlation IDs and access logs', () => {
  it('when a well-formed X-Request-ID comes in, then it is echoed and on the access line', async () => {
    const { app, deps } = testApp();
    const res = await request(app).get('/api/info').set('X-Request-ID', 'abc-123_x.y:z').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123_x.y:z');
    const line = deps.logs.find((l) => l.requestId === 'abc-123_x.y:z');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'GET /api/info 200',
      method: 'GET',
      route: '/api/info',
      url: '/api/info',
      status: 200,
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['unsafe characters', 'abc def<script>'],
    ['a newline smuggled in', 'abc%0d%0aInjected: 1'],
  ])('when the inbound ID is %s, then a fresh UUID replaces it', async (_, inbound) => {
    const { app } = testApp();
    const res = await request(app).get('/api/version').set('X-Request-ID', inbound).expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when no ID comes in, then each request gets its own', async () => {
    const { app } = testApp();
    const a = (await request(app).get('/api/version')).headers['x-request-id'];
    const b = (await request(app).get('/api/version')).headers['x-request-id'];
    expect(a).not.toBe(b);
  });

  it('when a handler logs, then the line carries the request ID', async () => {
    const { app, deps } = testApp();
    await request(app)
      .put('/admin/faults')
      .set('X-Request-ID', 'change-1')
      .send({ errorRate: 0.1 })
      .expect(200);
    expect(deps.logs.filter((l) => l.requestId === 'change-1').map((l) => l.msg)).toEqual([
      'fault profile changed',
      'PUT /admin/faults 200',
    ]);
  });

  it('when the status is 4xx or 5xx, then the access line is warn or error', async () => {
    const { app, deps } = testApp();
    await request(app).get('/demo/status/404').set('X-Request-ID', 'four');
    await request(app).get('/demo/error?status=502').set('X-Request-ID', 'five');
    expect(deps.logs.find((l) => l.requestId === 'four')?.level).toBe('warn');
    expect(deps.logs.find((l) => l.requestId === 'five')?.level).toBe('error');
  });

  it('when probes and scrapes are hit, then they are not logged by default', async () => {
    const { app, deps } = testApp();
    for (const path of ['/health/live', '/health/ready', '/metrics', '/openapi.json'])
      await request(app).get(path);
    expect(deps.logs).toEqual([]);
  });

  it('when LOG_INFRA_ROUTES is on, then probes are logged too', async () => {
    const { app, deps } = testApp({ env: { LOG_INFRA_ROUTES: 'true' } });
    await request(app).get('/health/live');
    expect(deps.logs.map((l) => l.msg)).toEqual(['GET /health/live 200']);
  });

  it('when credentials come in headers, then the log shows them redacted', async () => {
    const { app, deps } = testApp();
    await request(app)
      .get('/api/info')
      .set('Authorization', 'Bearer top-secret')
      .set('Cookie', 'session=top-secret')
      .set('X-Admin-Token', 'top-secret')
      .set('X-Service-Token', 'top-secret')
      .set('X-Request-ID', 'redact-1');
    const line = deps.logs.find((l) => l.requestId === 'redact-1');
    expect(JSON.stringify(line)).not.toContain('top-secret');
    expect(line?.headers).toMatchObject({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-admin-token': '[redacted]',
      'x-service-token': '[redacted]',
    });
  });

  it('when the level is info, then headers stay out of the access line', async () => {
    const { app, deps } = testApp({ env: { LOG_LEVEL: 'info' } });
    await request(app).get('/api/info').set('X-Request-ID', 'lean-1');
    expect(deps.logs.find((l) => l.requestId === 'lean-1')?.headers).toBeUndefined();
  });

  it('when access logs are sampled, then errors and slow requests are still always logged', async () => {
    const { app, deps } = testApp({
      env: { LOG_ACCESS_SAMPLE_RATE: '0.25', LOG_SLOW_REQUEST_MS: '50' },
      random: () => 0.5,
    });
    await request(app).get('/api/info').set('X-Request-ID', 'fast-ok');
    await request(app).get('/demo/slow?ms=60').set('X-Request-ID', 'slow-ok');
    await request(app).get('/demo/status/404').set('X-Request-ID', 'four');
    await request(app).get('/demo/status/500').set('X-Request-ID', 'five');
    expect(deps.logs.map((l) => l.requestId).filter(Boolean)).toEqual(['slow-ok', 'four', 'five']);
  });

  it('when the sampling dice fall under the rate, then a fast success is logged', async () => {
    const { app, deps } = testApp({ env: { LOG_ACCESS_SAMPLE_RATE: '0.25' }, random: () => 0.2 });
    await request(app).get('/api/info').set('X-Request-ID', 'lucky');
    expect(deps.logs.map((l) => l.requestId)).toEqual(['lucky']);
  });

  it('when an error is answered, then the problem body carries the same request ID as the log', async () => {
    const { app, deps } = testApp();
    const res = await request(app).get('/demo/slow?ms=-1').expect(400);
    const id = res.headers['x-request-id'];
    expect(res.body.requestId).toBe(id);
    expect(deps.logs.find((l) => l.requestId === id)?.level).toBe('warn');
  });
});
