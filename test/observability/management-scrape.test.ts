import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagementServer } from '../../app/management/management-server.js';
import { ManagementState } from '../../app/management/management-state.js';
import { type RunningPrometheus, startPrometheus } from '../../rollouts/rehearsal/prometheus-process.js';
import { instantQuery } from '../../rollouts/rehearsal/prometheus-query.js';
import { testApp } from '../support/app-deps.js';
import { pollUntil } from '../support/net.js';
import { PROMETHEUS_BIN, SKIP_REASON } from './promtool.js';

/** The value of a one-sample instant query, or undefined while it has none. */
async function scalar(prometheus: RunningPrometheus, expr: string): Promise<number | undefined> {
  const result = await instantQuery(prometheus.url, expr);
  if (result.type !== 'vector') throw new Error(`expected a vector from ${expr}`);
  return result.samples[0]?.value;
}

/**
 * Prometheus's own reader (Go's compress/gzip, then its text parser) against the
 * management port's gzip, which is laid together from separately compressed
 * parts (app/management/gzip-parts.ts): whole, on every scrape, while the parts
 * that hold a changed series are compressed again and the rest are reused.
 */
describe.skipIf(SKIP_REASON)(`${PROMETHEUS_BIN} scrapes the management port's gzip`, () => {
  const { deps } = testApp();
  const encodings: (string | undefined)[] = [];
  let server: Server;
  let prometheus: RunningPrometheus;
  const routes = 300;

  beforeAll(async () => {
    // Many blocks of series in each family: 300 routes × 2 statuses.
    for (let r = 0; r < routes; r++)
      for (const status of [200, 500]) deps.metrics.recordRequest('GET', `/api/r${r}`, status, 0.02, 10, 20);
    const state = new ManagementState(60_000);
    state.apply({ kind: 'metrics', text: await deps.metrics.registryText() });
    state.apply({ kind: 'attach', series: deps.metrics.series, contentType: deps.metrics.contentType });
    server = createManagementServer(state);
    server.on('request', (req) => encodings.push(req.headers['accept-encoding']));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    prometheus = await startPrometheus({
      targets: [
        { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, labels: { role: 'management' } },
      ],
    });
  }, 40_000);

  afterAll(async () => {
    await prometheus?.stop();
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  it('when it scrapes, then it reads every series, and a series changed between scrapes arrives with its new value', async () => {
    const identity = (
      await (
        await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, {
          headers: { 'Accept-Encoding': 'identity' },
        })
      ).text()
    )
      .split('\n')
      .filter((line) => line && !line.startsWith('#')).length;

    await pollUntil(
      async () => ((await scalar(prometheus, 'up{role="management"}')) === 1 ? true : undefined),
      {
        timeoutMs: 15_000,
        what: 'a successful scrape',
      },
    );
    expect(await scalar(prometheus, 'scrape_samples_scraped{role="management"}')).toBe(identity);
    expect(await scalar(prometheus, 'count(http_request_duration_seconds_count)')).toBe(routes * 2);

    // A route in the middle of its families: its parts change, the others are reused as compressed.
    deps.metrics.recordRequest('GET', '/api/r150', 200, 0.02, 10, 20);
    const counted = await pollUntil(
      async () => {
        const value = await scalar(prometheus, 'http_requests_total{route="/api/r150",status_code="200"}');
        return value === 2 ? value : undefined;
      },
      { timeoutMs: 15_000, what: 'the new count scraped' },
    );

    expect(counted).toBe(2);
    expect(await scalar(prometheus, 'up{role="management"}')).toBe(1);
    expect(await scalar(prometheus, 'count(http_request_duration_seconds_count)')).toBe(routes * 2);
    expect(encodings.filter((e) => e?.includes('gzip')).length).toBeGreaterThanOrEqual(2);
  });
});
