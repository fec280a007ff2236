import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

describe('probes', () => {
  it('when alive, then /health/live answers ok without looking at dependencies', async () => {
    const { app, deps } = testApp();
    deps.lifecycle.addCheck({
      name: 'database',
      required: true,
      check: () => Promise.reject(new Error('down')),
    });
    const res = await request(app).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when initialisation has not finished, then startup and readiness answer 503', async () => {
    const { app, deps } = testApp({ started: false });
    expect((await request(app).get('/health/startup').expect(503)).body).toEqual({ status: 'starting' });
    const ready = await request(app).get('/health/ready').expect(503);
    expect(ready.body.failing).toEqual(['lifecycle:starting']);
    deps.lifecycle.markStarted();
    await request(app).get('/health/startup').expect(200, { status: 'ok' });
    await request(app).get('/health/ready').expect(200);
  });

  it('when serving, then readiness lists each check with its outcome', async () => {
    const { app, deps } = testApp();
    deps.lifecycle.addCheck({
      name: 'cache',
      required: false,
      check: () => Promise.reject(new Error('cold')),
    });
    deps.lifecycle.addCheck({ name: 'database', required: true, check: () => Promise.resolve() });
    const res = await request(app).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', phase: 'serving', failing: [] });
    expect(res.body.checks).toEqual([
      expect.objectContaining({ name: 'cache', status: 'failing', required: false, detail: 'cold' }),
      expect.objectContaining({ name: 'database', status: 'ok', required: true }),
    ]);
  });

  it('when a required dependency is down or hangs, then readiness is 503 naming it', async () => {
    const { app, deps } = testApp();
    deps.lifecycle.addCheck({
      name: 'database',
      required: true,
      check: () => Promise.reject(new Error('refused')),
    });
    deps.lifecycle.addCheck({ name: 'queue', required: true, check: () => new Promise(() => {}) });
    const res = await request(app).get('/health/ready').expect(503);
    expect(res.body.failing).toEqual(['database', 'queue']);
    expect(res.body.checks[1].detail).toMatch(/no answer within/);
  });

  it('when draining, then readiness is 503 and responses ask clients to close the connection', async () => {
    const { app, deps } = testApp();
    // The client asks to keep the connection: only the drain makes the server refuse.
    const before = await request(app).get('/api/info').set('Connection', 'keep-alive').expect(200);
    expect(before.headers.connection).toBe('keep-alive');
    deps.lifecycle.beginDrain();
    const res = await request(app).get('/health/ready').set('Connection', 'keep-alive').expect(503);
    expect(res.body).toMatchObject({ phase: 'draining', failing: ['lifecycle:draining'] });
    expect(res.headers.connection).toBe('close');
    const business = await request(app).get('/api/info').set('Connection', 'keep-alive').expect(200);
    expect(business.headers.connection).toBe('close');
    await request(app).get('/health/live').expect(200);
    await request(app).get('/health/startup').expect(200);
  });

  it('when disabled by hand, then readiness is 503 until enabled again', async () => {
    const { app, deps } = testApp();
    await request(app).post('/health/ready/disable').expect(200, { manuallyDisabled: true });
    expect((await request(app).get('/health/ready').expect(503)).body.failing).toEqual(['manual:disabled']);
    await request(app).post('/health/ready/enable').expect(200, { manuallyDisabled: false });
    await request(app).get('/health/ready').expect(200);
    expect(deps.logs.some((l) => l.msg === 'readiness disabled by hand')).toBe(true);
  });

  it('when an admin token is set, then the readiness switches need it', async () => {
    const { app } = testApp({ env: { ADMIN_TOKEN: 's3cret' } });
    await request(app).post('/health/ready/disable').expect(401);
    await request(app).post('/health/ready/disable').set('Authorization', 'Bearer nope').expect(403);
    await request(app).post('/health/ready/disable').set('X-Admin-Token', 's3cret').expect(200);
    await request(app).get('/health/ready').expect(503);
  });
});
