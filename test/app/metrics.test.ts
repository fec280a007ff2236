import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sample, testApp } from '../support/app-deps.js';

describe('RED metrics', () => {
  it('when business routes answer, then requests and durations are counted by route template and status', async () => {
    const { app } = testApp();
    await request(app).get('/api/info').expect(200);
    await request(app).get('/demo/status/503').expect(503);
    await request(app).get('/demo/status/201').expect(201);
    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(
      sample(text, 'http_requests_total', { route: '/api/info', status_code: '200', method: 'GET' }),
    ).toBe(1);
    expect(sample(text, 'http_requests_total', { route: '/demo/status/:code', status_code: '503' })).toBe(1);
    expect(sample(text, 'http_requests_total', { route: '/demo/status/:code', status_code: '201' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/info' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_bucket', { route: '/api/info', le: '0.5' })).toBe(1);
    expect(sample(text, 'http_request_size_bytes_count', { route: '/api/info' })).toBe(1);
    expect(sample(text, 'http_response_size_bytes_sum', { route: '/api/info' })).toBeGreaterThan(0);
    // The scrape is infra traffic, so nothing is in flight by the time the text is rendered.
    expect(sample(text, 'http_requests_in_flight')).toBe(0);
  });

  it('when paths match no route, then they share one label value instead of one series each', async () => {
    const { app } = testApp();
    for (const path of ['/a', '/b/c', '/wp-login.php']) await request(app).get(path).expect(404);
    const text = (await request(app).get('/metrics')).text;
    expect(sample(text, 'http_requests_total', { route: 'unmatched', status_code: '404' })).toBe(3);
    expect(text).not.toContain('wp-login');
  });

  it('when probes, scrapes and docs are hit, then they stay out of the RED metrics by default', async () => {
    const { app } = testApp();
    for (const path of ['/health/live', '/health/ready', '/metrics', '/openapi.json', '/docs/'])
      await request(app).get(path);
    const text = (await request(app).get('/metrics')).text;
    expect(text).not.toMatch(/http_requests_total\{/);
  });

  it('when infra routes are included by config, then they are counted under their templates', async () => {
    const { app } = testApp({ env: { METRICS_EXCLUDE_INFRA_ROUTES: 'false' } });
    await request(app).get('/health/live');
    await request(app).get('/docs/');
    const text = (await request(app).get('/metrics')).text;
    expect(sample(text, 'http_requests_total', { route: '/health/live' })).toBe(1);
    expect(sample(text, 'http_requests_total', { route: '/docs/*' })).toBe(1);
  });

  it('when scraped, then app_info names the build and the fault gauges show the profile', async () => {
    const { app, deps } = testApp();
    deps.faults.set({ errorRate: 0.25, errorStatus: 503, latencyMs: 1500, latencyJitterMs: 0 });
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(res.text, 'app_info', { version: '1.2.3', commit: 'abc123def456' })).toBe(1);
    expect(sample(res.text, 'app_fault_error_ratio')).toBe(0.25);
    expect(sample(res.text, 'app_fault_latency_seconds')).toBe(1.5);
  });

  it('when the scraper accepts gzip, then the text comes compressed, and plain otherwise', async () => {
    const { app } = testApp();
    await request(app).get('/api/info').expect(200);
    const zipped = await request(app).get('/metrics').set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(zipped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // supertest inflated it: the same samples as the plain text.
    expect(sample(zipped.text, 'http_requests_total', { route: '/api/info' })).toBe(1);
    const plain = await request(app).get('/metrics').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(sample(plain.text, 'http_requests_total', { route: '/api/info' })).toBe(1);
  });

  it('when MANAGEMENT_PORT is set, then /metrics leaves the API port and the probes stay', async () => {
    const { app } = testApp({ env: { MANAGEMENT_PORT: '9464' } });
    await request(app).get('/api/info').expect(200);
    await request(app).get('/metrics').expect(404);
    await request(app).get('/health/live').expect(200);
  });
});
