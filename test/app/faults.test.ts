import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sample, testApp } from '../support/app-deps.js';

describe('fault profile', () => {
  it('when the error rate fires, then business routes answer the configured status as problem+json', async () => {
    const { app } = testApp({
      env: { FAULT_ERROR_RATE: '0.3', FAULT_ERROR_STATUS: '503' },
      random: () => 0.29,
    });
    const res = await request(app).get('/api/info').expect(503);
    expect(res.body).toMatchObject({
      title: 'Injected fault',
      type: 'urn:problem-type:canary-lab:injected-fault',
    });
    await request(app).get('/demo/status/200').expect(503);
  });

  it('when the dice land above the rate, then requests pass', async () => {
    const { app } = testApp({ env: { FAULT_ERROR_RATE: '0.3' }, random: () => 0.3 });
    await request(app).get('/api/info').expect(200);
  });

  it('when faults are on, then probes, /metrics, docs and the controls stay healthy', async () => {
    const { app } = testApp({ env: { FAULT_ERROR_RATE: '1', FAULT_LATENCY_MS: '2000' } });
    const started = performance.now();
    for (const path of [
      '/health/live',
      '/health/ready',
      '/health/startup',
      '/metrics',
      '/openapi.json',
      '/admin/faults',
    ]) {
      await request(app).get(path).expect(200);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('when latency is configured, then business requests are delayed by fixed plus jitter', async () => {
    const { app } = testApp({
      env: { FAULT_LATENCY_MS: '60', FAULT_LATENCY_JITTER_MS: '100' },
      random: () => 0.5,
    });
    const started = performance.now();
    await request(app).get('/api/version').expect(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(105);
  });

  it('when a bad version is faked at runtime, then the success rate drops and recovers after reset', async () => {
    let dice = 0;
    const { app } = testApp({ random: () => dice });
    await request(app).put('/admin/faults').send({ errorRate: 0.5, errorStatus: 502 }).expect(200, {
      errorRate: 0.5,
      errorStatus: 502,
      latencyMs: 0,
      latencyJitterMs: 0,
    });
    await request(app).get('/api/version').expect(502);
    dice = 0.9;
    await request(app).get('/api/version').expect(200);
    await request(app).put('/admin/faults').send({}).expect(200);
    dice = 0;
    await request(app).get('/api/version').expect(200);
    const text = (await request(app).get('/metrics')).text;
    expect(sample(text, 'http_requests_total', { route: '/api/version', status_code: '502' })).toBe(1);
    expect(sample(text, 'http_requests_total', { route: '/api/version', status_code: '200' })).toBe(2);
  });

  it('when the profile is read, then GET shows what is in force', async () => {
    const { app } = testApp({ env: { FAULT_LATENCY_MS: '5' } });
    await request(app)
      .get('/admin/faults')
      .expect(200, { errorRate: 0, errorStatus: 500, latencyMs: 5, latencyJitterMs: 0 });
  });

  it.each([
    [{ errorRate: 1.5 }, 'errorRate', 'must be at most 1'],
    [{ errorRate: 'lots' }, 'errorRate', 'must be a number'],
    [{ errorStatus: 200 }, 'errorStatus', 'must be at least 400'],
    [{ latencyMs: -1 }, 'latencyMs', 'must be at least 0'],
    [{ latencyMs: 30001 }, 'latencyMs', 'must be at most 30000'],
    [
      { latencyMs: 20000, latencyJitterMs: 20000 },
      'latencyJitterMs',
      'latencyMs + latencyJitterMs must be at most 30000',
    ],
    [{ errorRat: 0.5 }, '(root)', 'Unrecognized key: "errorRat"'],
  ])('when PUT %j, then 400 names %s', async (body, name, reason) => {
    const { app, deps } = testApp();
    const res = await request(app).put('/admin/faults').send(body).expect(400);
    expect(res.body.invalidParams[0]).toEqual({ name, in: 'body', reason });
    expect(res.body.detail).toBe(`body field '${name}': ${reason}`);
    expect(deps.faults.active).toBe(false);
  });

  it('when a JSON array or null is sent, then 400 and the profile stays', async () => {
    const { app } = testApp();
    await request(app).put('/admin/faults').set('Content-Type', 'application/json').send('[1]').expect(400);
    await request(app).put('/admin/faults').set('Content-Type', 'application/json').send('null').expect(400);
  });

  it('when an admin token is configured, then the controls need it', async () => {
    const { app } = testApp({ env: { ADMIN_TOKEN: 'let-me-in' } });
    const missing = await request(app).get('/admin/faults').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="sample-api"');
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    await request(app)
      .put('/admin/faults')
      .set('Authorization', 'Bearer let-me-i')
      .send({ errorRate: 1 })
      .expect(403);
    await request(app)
      .put('/admin/faults')
      .set('X-Admin-Token', 'let-me-in-please')
      .send({ errorRate: 1 })
      .expect(403);
    await request(app)
      .put('/admin/faults')
      .set('Authorization', 'Bearer let-me-in')
      .send({ errorRate: 1 })
      .expect(200);
    await request(app).get('/admin/faults').set('X-Admin-Token', 'let-me-in').expect(200);
  });
});
