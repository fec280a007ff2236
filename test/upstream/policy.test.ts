import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config/load.js';
import { UpstreamUnavailableError } from '../../app/errors.js';
import { backoffDelayMs, mayRetry } from '../../app/upstream/retry-policy.js';
import { parseTraceparent } from '../../app/upstream/trace-context.js';
import { parseUpstreams } from '../../app/upstream/upstream-list.js';
import { answer } from '../support/local-server.js';
import { proxyApp, upstreamServer } from './harness.js';

describe('retry policy', () => {
  it('when a call is POST, then a 503 is not retried', async () => {
    const server = await upstreamServer(answer(503), answer(201));
    const { deps } = proxyApp(server.url);
    const call = deps.upstreams?.client.call('backend', { method: 'POST', path: '/orders', body: '{}' });
    await expect(call).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('when a POST carries an Idempotency-Key, then a 503 is retried', async () => {
    const server = await upstreamServer(answer(503), answer(201, { id: 1 }));
    const { deps } = proxyApp(server.url);
    const answerOf = await deps.upstreams?.client.call('backend', {
      method: 'POST',
      path: '/orders',
      headers: { 'Idempotency-Key': 'k-1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answerOf).toMatchObject({ status: 201, attempts: 2 });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
  });

  it('when methods are idempotent, then they may be retried; PATCH and POST only with a key', () => {
    for (const m of ['GET', 'head', 'PUT', 'DELETE', 'OPTIONS']) expect(mayRetry(m, {})).toBe(true);
    expect(mayRetry('POST', {})).toBe(false);
    expect(mayRetry('PATCH', { 'idempotency-key': 'x' })).toBe(true);
  });

  it('when retrying, then the delay is full jitter under min(max, base × 2^(n-1))', () => {
    const policy = { retries: 5, backoffBaseMs: 100, backoffMaxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(100);
  });

  it('when jitter is real, then a retry waits for its backoff before the next attempt', async () => {
    const server = await upstreamServer(answer(503), answer(200));
    // random() = 1 - ε: the first retry waits just under UPSTREAM_BACKOFF_BASE_MS.
    const { app } = proxyApp(server.url, { UPSTREAM_BACKOFF_BASE_MS: '300' }, () => 0.9999);
    await request(app).get('/api/v1/upstream/backend/x').expect(200);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(280);
  });

  it('when the call deadline passes during a backoff, then the call ends as a timeout (504)', async () => {
    const server = await upstreamServer(answer(503));
    const { app } = proxyApp(
      server.url,
      { UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_BACKOFF_BASE_MS: '5000', UPSTREAM_BACKOFF_MAX_MS: '5000' },
      () => 0.9,
    );
    const started = performance.now();
    const res = await request(app).get('/api/v1/upstream/backend/x').expect(504);
    expect(res.body.upstream).toBe('backend');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });
});

describe('upstream configuration', () => {
  it('when UPSTREAMS lists name=url pairs, then they parse with trailing slashes trimmed', () => {
    expect(parseUpstreams(' a=http://a:8080/ , b-2=https://b.example/api,')).toEqual([
      { name: 'a', url: 'http://a:8080' },
      { name: 'b-2', url: 'https://b.example/api' },
    ]);
    expect(parseUpstreams('')).toEqual([]);
  });

  it.each([
    ['catalog', /entry 'catalog': expected name=url/],
    ['Bad=http://x', /entry 'Bad=http:\/\/x': expected name=url/],
    ['a=ftp://x', /'ftp:\/\/x' is not an absolute http\(s\) URL/],
    ['a=http://x,a=http://y', /upstream 'a' is named twice/],
  ])('when UPSTREAMS is %s, then start-up fails naming the entry', (value, message) => {
    expect(() => loadConfig({ UPSTREAMS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ UPSTREAMS: value })).toThrow(message);
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL, then start-up fails', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a,http://b' })).toThrow(ConfigError);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' }).tracing.endpoint).toBe(
      'http://otel:4318',
    );
  });

  it('when traceparent headers are malformed or all-zero, then they are not continued', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(parseTraceparent(['a', 'b'])).toBeUndefined();
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBeUndefined();
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeUndefined();
  });

  it('when the OpenAPI document describes the proxy, then the wildcard is a {path} parameter', async () => {
    const { app } = proxyApp('http://127.0.0.1:9');
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    const op = doc.paths['/api/v1/upstream/{name}/{path}']?.get;
    expect(op?.parameters?.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:name',
      'path:path',
    ]);
    expect(doc.paths['/internal/upstreams']?.get).toBeDefined();
  });
});
