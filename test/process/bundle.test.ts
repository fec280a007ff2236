import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer } from '../support/local-server.js';
import { freePort, pollUntil } from '../support/net.js';
import { killAll, spawnService, startService } from '../support/process.js';

afterEach(killAll);

/**
 * build/ is an esbuild bundle (scripts/build.mjs). What it leaves to load at run time,
 * only when asked for, must still load from there: these run the built process.
 */
describe('the bundled build, parts loaded on demand', { timeout: 60_000 }, () => {
  it('when LOG_PRETTY=true, then the built service writes readable lines instead of JSON and serves', async () => {
    const port = await freePort();
    const proc = spawnService({ env: { HOST: '127.0.0.1', PORT: String(port), LOG_PRETTY: 'true' } });

    const started = await pollUntil(
      async () => proc.otherStdout.find((line) => /INFO.*sample-api started/.test(line)),
      { timeoutMs: 30_000, what: 'a pretty "sample-api started" line' },
    );
    const info = await fetch(`http://127.0.0.1:${port}/api/info`);

    expect(started).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: sample-api started/);
    // A pretty field value (`pid: 1`) can parse as JSON; a JSON log line cannot appear.
    expect(proc.logs.filter((line) => typeof line === 'object' && line !== null && 'msg' in line)).toEqual(
      [],
    );
    expect(info.status).toBe(200);
  });

  it('when UPSTREAMS names a neighbour, then the built service loads undici from node_modules and relays the neighbour’s answer', async () => {
    const neighbour = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    try {
      const service = await startService({ env: { UPSTREAMS: `catalog=${neighbour.url}` } });

      const res = await fetch(`${service.url}/api/v1/upstream/catalog/books/1?x=2`);

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ path: '/books/1?x=2' });
    } finally {
      await neighbour.close();
    }
  });

  it('when TRACING_ENABLED=true, then the built service loads OpenTelemetry, puts trace ids on access lines and exports the spans over OTLP', async () => {
    const collector = await startLocalServer((req, res) => {
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    try {
      const service = await startService({
        env: {
          TRACING_ENABLED: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          SHUTDOWN_DRAIN_DELAY_MS: '0',
        },
      });

      await fetch(`${service.url}/api/info`);
      const access = await service.waitForLog((line) => line.route === '/api/info');
      service.child.kill('SIGTERM');
      const exit = await service.exited;

      expect(access.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(exit.code).toBe(0);
      expect(collector.requests.some((r) => r.method === 'POST' && r.url === '/v1/traces')).toBe(true);
    } finally {
      await collector.close();
    }
  });
});
