import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sample } from '../support/app-deps.js';
import { answer, hang, slow } from '../support/local-server.js';
import { freePort } from '../support/net.js';
import { proxyApp, upstreamServer } from './harness.js';

const metricsOf = async (app: Parameters<typeof request>[0]) => (await request(app).get('/metrics')).text;

describe('GET /api/v1/upstream/:name/*path', () => {
  it('when the upstream answers 503 then 200, then the retry succeeds and the upstream saw two attempts', async () => {
    const server = await upstreamServer(answer(503), answer(200, { hello: 'world' }));
    const { app } = proxyApp(server.url);

    const res = await request(app).get('/api/v1/upstream/backend/greetings/today?lang=en').expect(200);

    expect(res.body).toEqual({ hello: 'world' });
    expect(res.headers['x-upstream-attempts']).toBe('2');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /greetings/today?lang=en',
      'GET /greetings/today?lang=en',
    ]);
    const text = await metricsOf(app);
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'server_error' })).toBe(1);
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'success' })).toBe(1);
    expect(sample(text, 'upstream_retries_total', { upstream: 'backend' })).toBe(1);
    expect(sample(text, 'upstream_request_duration_seconds_count', { upstream: 'backend' })).toBe(2);
    expect(sample(text, 'circuit_breaker_state', { upstream: 'backend' })).toBe(0);
    // The route label is the template, never the upstream path.
    expect(
      sample(text, 'http_requests_total', { route: '/api/v1/upstream/:name/*path', status_code: '200' }),
    ).toBe(1);
    expect(text).not.toContain('greetings');
  });

  it('when the upstream keeps answering 503, then the caller gets 503 naming it after 1 + UPSTREAM_RETRIES attempts', async () => {
    const server = await upstreamServer(answer(503));
    const { app } = proxyApp(server.url, { UPSTREAM_RETRIES: '2' });

    const res = await request(app).get('/api/v1/upstream/backend/x').expect(503);

    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:upstream-unavailable',
      upstream: 'backend',
      upstreamStatus: 503,
      detail: "upstream 'backend': answered 503",
    });
    expect(server.requests).toHaveLength(3);
    const text = await metricsOf(app);
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'server_error' })).toBe(3);
    expect(sample(text, 'upstream_retries_total', { upstream: 'backend' })).toBe(2);
  });

  it('when the upstream answers 404, then the caller gets 404 naming the upstream and nothing is retried', async () => {
    const server = await upstreamServer(answer(404));
    const { app } = proxyApp(server.url);

    const res = await request(app).get('/api/v1/upstream/backend/items/42').expect(404);

    expect(res.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:upstream-not-found',
      upstream: 'backend',
    });
    expect(res.body.detail).toBe("upstream 'backend' has nothing at /items/42");
    expect(server.requests).toHaveLength(1);
    const text = await metricsOf(app);
    expect(sample(text, 'upstream_requests_total', { upstream: 'backend', outcome: 'client_error' })).toBe(1);
    expect(sample(text, 'upstream_retries_total', { upstream: 'backend' })).toBeUndefined();
  });

  it('when the upstream answers another 4xx, then it is not retried and the caller gets 503 with its status', async () => {
    const server = await upstreamServer(answer(400));
    const { app } = proxyApp(server.url);

    const res = await request(app).get('/api/v1/upstream/backend/x').expect(503);

    expect(res.body).toMatchObject({ upstream: 'backend', upstreamStatus: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('when the upstream answers 500, then it is not retried (not transient) but still fails as 503', async () => {
    const server = await upstreamServer(answer(500));
    const { app } = proxyApp(server.url);
    await request(app).get('/api/v1/upstream/backend/x').expect(503);
    expect(server.requests).toHaveLength(1);
  });

  it('when the upstream hangs, then the caller gets 504 within UPSTREAM_TIMEOUT_MS', async () => {
    const server = await upstreamServer(hang);
    const { app } = proxyApp(server.url, { UPSTREAM_TIMEOUT_MS: '400', UPSTREAM_ATTEMPT_TIMEOUT_MS: '400' });

    const started = performance.now();
    const res = await request(app).get('/api/v1/upstream/backend/slow').expect(504);
    const elapsed = performance.now() - started;

    expect(res.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:upstream-timeout',
      upstream: 'backend',
      detail: "upstream 'backend' did not answer within 400 ms",
    });
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(400 + 1500);
    expect(server.requests).toHaveLength(1);
    expect(sample(await metricsOf(app), 'upstream_requests_total', { outcome: 'timeout' })).toBe(1);
  });

  it('when every attempt hangs past its own deadline, then all are retried and the 504 names the attempt deadline', async () => {
    const server = await upstreamServer(hang);
    const { app } = proxyApp(server.url, { UPSTREAM_TIMEOUT_MS: '5000', UPSTREAM_ATTEMPT_TIMEOUT_MS: '150' });
    const started = performance.now();
    const res = await request(app).get('/api/v1/upstream/backend/x').expect(504);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(res.body.detail).toBe("upstream 'backend' did not answer within 150 ms");
    expect(server.requests).toHaveLength(3);
    expect(sample(await metricsOf(app), 'upstream_requests_total', { outcome: 'timeout' })).toBe(3);
  });

  it('when one attempt is slow, then it times out and the retry within the call deadline succeeds', async () => {
    const server = await upstreamServer(slow(1500), answer(200, { ok: true }));
    const { app } = proxyApp(server.url, { UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_ATTEMPT_TIMEOUT_MS: '200' });

    const started = performance.now();
    await request(app).get('/api/v1/upstream/backend/x').expect(200, { ok: true });

    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(2);
    const text = await metricsOf(app);
    expect(sample(text, 'upstream_requests_total', { outcome: 'timeout' })).toBe(1);
    expect(sample(text, 'upstream_requests_total', { outcome: 'success' })).toBe(1);
  });

  it('when the upstream sends headers and then stalls the body, then the attempt deadline still ends it as 504', async () => {
    const server = await upstreamServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const { app } = proxyApp(server.url, { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_ATTEMPT_TIMEOUT_MS: '300' });
    const started = performance.now();
    await request(app).get('/api/v1/upstream/backend/stream').expect(504);
    expect(performance.now() - started).toBeLessThan(300 + 1500);
  });

  it('when many calls run at once, then at most UPSTREAM_MAX_CONNECTIONS reach the upstream together', async () => {
    const server = await upstreamServer(slow(150));
    const { app } = proxyApp(server.url, { UPSTREAM_MAX_CONNECTIONS: '2', UPSTREAM_TIMEOUT_MS: '5000' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => request(app).get('/api/v1/upstream/backend/x')),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.requests).toHaveLength(6);
    expect(server.inFlight.max).toBe(2);
  });

  it('when nothing listens at the upstream, then every attempt is a connection error and the caller gets 503', async () => {
    const port = await freePort();
    const { app } = proxyApp(`http://127.0.0.1:${port}`);

    const res = await request(app).get('/api/v1/upstream/backend/x').expect(503);

    expect(res.body.detail).toMatch(/^upstream 'backend': connection failed \(ECONNREFUSED\)$/);
    const text = await metricsOf(app);
    expect(sample(text, 'upstream_requests_total', { outcome: 'connection_error' })).toBe(3);
    expect(sample(text, 'upstream_retries_total', { upstream: 'backend' })).toBe(2);
  });

  it('when the upstream name is not configured, then 404 names it and no call is made', async () => {
    const server = await upstreamServer(answer(200));
    const { app } = proxyApp(server.url);

    const res = await request(app).get('/api/v1/upstream/nope/x').expect(404);

    expect(res.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:unknown-upstream',
      upstream: 'nope',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('when the upstream body is larger than UPSTREAM_MAX_RESPONSE_BYTES, then 503 and it is not relayed', async () => {
    const server = await upstreamServer(answer(200, { blob: 'x'.repeat(5000) }));
    const { app } = proxyApp(server.url, { UPSTREAM_MAX_RESPONSE_BYTES: '1024' });

    const res = await request(app).get('/api/v1/upstream/backend/big').expect(503);

    expect(res.body.detail).toBe("upstream 'backend': response larger than 1024 bytes");
    expect(server.requests).toHaveLength(1);
    expect(sample(await metricsOf(app), 'upstream_requests_total', { outcome: 'invalid_response' })).toBe(1);
  });

  it('when the base URL has a path, then calls go below it, and non-JSON bodies keep their type', async () => {
    const server = await upstreamServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('plain');
    });
    const { app } = proxyApp(`${server.url}/base/`);

    const res = await request(app).get('/api/v1/upstream/backend/a%20b/c').expect(200);

    expect(res.text).toBe('plain');
    expect(res.type).toBe('text/plain');
    expect(server.requests[0]?.url).toBe('/base/a%20b/c');
  });
});

describe('propagation to the upstream', () => {
  it('when the request has an X-Request-ID and a traceparent, then the upstream gets the ID and a child traceparent', async () => {
    const server = await upstreamServer(answer(200));
    const { app } = proxyApp(server.url, { SERVICE_TOKEN: 's3cret' });
    const inbound = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    await request(app)
      .get('/api/v1/upstream/backend/x')
      .set('X-Request-ID', 'req-abc-123')
      .set('traceparent', inbound)
      .expect(200);

    const headers = server.requests[0]?.headers ?? {};
    expect(headers['x-request-id']).toBe('req-abc-123');
    expect(headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(headers.traceparent).not.toBe(inbound);
    // Outbound calls present this service's token.
    expect(headers['x-service-token']).toBe('s3cret');
  });

  it('when the request has no valid traceparent, then a new trace starts: one trace per call, a new span per attempt', async () => {
    const server = await upstreamServer(answer(503), answer(200));
    const { app } = proxyApp(server.url);

    const res = await request(app)
      .get('/api/v1/upstream/backend/x')
      .set('traceparent', 'garbage')
      .expect(200);

    const [first = '', second = ''] = server.requests.map((r) => String(r.headers.traceparent));
    expect(first).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(second).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(second.slice(0, 35)).toBe(first.slice(0, 35));
    expect(second.slice(36, 52)).not.toBe(first.slice(36, 52));
    expect(server.requests[0]?.headers['x-request-id']).toBe(res.headers['x-request-id']);
    expect(server.requests[0]?.headers['x-service-token']).toBeUndefined();
  });
});
