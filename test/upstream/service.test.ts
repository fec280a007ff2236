import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { createLogger } from '../../app/logger.js';
import { type RunningService, startService } from '../../app/server.js';
import { activeSpanIds } from '../../app/tracing/log-mixin.js';
import type { LogLine } from '../support/app-deps.js';
import { answer, startLocalServer } from '../support/local-server.js';
import { freePort } from '../support/net.js';
import { freshPgliteDir } from '../support/pglite-template.js';
import { onCleanup, upstreamServer } from './harness.js';

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** startService as main runs it: the logger gets the trace mixin only when tracing is on. */
async function start(env: Record<string, string>) {
  // A copy of a once-initialised PGlite directory opens in about a second; initdb takes several.
  const dir = await freshPgliteDir();
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({
    PGLITE_DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger(
    {
      level: 'info',
      pretty: false,
      base: { service: 'test' },
      ...(config.tracing.enabled ? { mixin: activeSpanIds } : {}),
    },
    sink,
  );
  const service = await startService({
    config,
    logger,
    buildInfo: { version: '9.9.9', commit: 'c0ffee', buildTime: null },
    hostname: 'h',
  });
  running.push(service);
  return { service, logs, url: `http://127.0.0.1:${service.port}` };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
}

describe('startService with upstreams', () => {
  it('when an upstream is down and its breaker open, then readiness still answers 200 (a sick neighbour must not take us out of rotation)', async () => {
    const dead = await freePort();
    const { url } = await start({
      UPSTREAMS: `backend=http://127.0.0.1:${dead}`,
      UPSTREAM_RETRIES: '0',
      UPSTREAM_BREAKER_THRESHOLD: '2',
    });
    for (let i = 0; i < 2; i++) expect((await fetch(`${url}/api/v1/upstream/backend/x`)).status).toBe(503);
    const fast = await fetch(`${url}/api/v1/upstream/backend/x`);
    expect(fast.status).toBe(503);
    expect(fast.headers.get('retry-after')).toBe('10');

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const report = (await ready.json()) as { checks: { name: string }[] };
    expect(report.checks.map((c) => c.name)).not.toContain('backend');
    expect(report.checks.map((c) => c.name).join()).not.toMatch(/upstream/);
  });

  it('when tracing is on, then the OTLP collector receives server and client spans whose trace id is on the log line and in the upstream traceparent', async () => {
    const batches: { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }[] = [];
    const collector = await startLocalServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        if (req.url === '/v1/traces') batches.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    onCleanup(() => collector.close());
    const upstream = await upstreamServer(answer(503), answer(200, { ok: true }));
    const { service, url, logs } = await start({
      TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      UPSTREAMS: `backend=${upstream.url},down=http://127.0.0.1:${await freePort()}`,
      UPSTREAM_RETRIES: '1',
    });

    const res = await fetch(`${url}/api/v1/upstream/backend/x`, {
      headers: { 'x-request-id': 'trace-me-1' },
    });
    expect(res.status).toBe(200);
    expect((await fetch(`${url}/api/v1/upstream/down/x`)).status).toBe(503);
    running.splice(running.indexOf(service), 1);
    await service.stop(); // flushes the batch processor

    const spans = batches.flatMap((b) =>
      b.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
    const [server, failed] = spans.filter((s) => s.name === 'GET /api/v1/upstream/:name/*path');
    const clients = spans.filter((s) => s.name === 'GET backend');
    expect(server).toBeDefined();
    expect(server?.status?.code ?? 0).toBe(0);
    // The failed call: a server span marked ERROR (code 2) and both of its client attempts too.
    expect(failed?.status?.code).toBe(2);
    const failedClients = spans.filter((s) => s.name === 'GET down');
    expect(failedClients.map((s) => [s.traceId, s.status?.code])).toEqual([
      [failed?.traceId, 2],
      [failed?.traceId, 2],
    ]);
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.traceId).toBe(server?.traceId);
      expect(client.parentSpanId).toBe(server?.spanId);
    }
    // So does the request's access line.
    const access = logs.find((l) => l.route === '/api/v1/upstream/:name/*path');
    expect(access).toMatchObject({ status: 200, trace_id: server?.traceId });
    // The log line of the failed attempt carries the same trace.
    const warn = logs.find((l) => l.msg === 'upstream attempt failed');
    expect(warn).toMatchObject({
      requestId: 'trace-me-1',
      trace_id: server?.traceId,
      span_id: server?.spanId,
    });
    // Each attempt sent its own client span as the parent.
    expect(upstream.requests.map((r) => r.headers.traceparent)).toEqual(
      clients.map((c) => `00-${c.traceId}-${c.spanId}-01`),
    );
  });

  it('when tracing is off, then log lines carry no trace ids', async () => {
    const upstream = await upstreamServer(answer(503), answer(200));
    const { url, logs } = await start({ UPSTREAMS: `backend=${upstream.url}` });
    expect((await fetch(`${url}/api/v1/upstream/backend/x`)).status).toBe(200);
    const warn = logs.find((l) => l.msg === 'upstream attempt failed');
    expect(warn).toBeDefined();
    expect(warn).not.toHaveProperty('trace_id');
  });
});
