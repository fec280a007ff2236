import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, pollUntil } from '../support/net.js';
import { killAll, repoRoot, spawnService, startService } from '../support/process.js';

afterEach(killAll);

/** Sum of every sample of `name` whose labels include `labels`, from Prometheus text. */
function total(metricsText: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

async function text(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

describe('the real built process', { timeout: 60_000 }, () => {
  it('when asked for its version, then it reports the commit stamped into build/build-info.json', async () => {
    const stamped = JSON.parse(readFileSync(join(repoRoot, 'build/build-info.json'), 'utf8'));
    const service = await startService();

    const res = await fetch(`${service.url}/api/version`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as { commit: string };
    expect(body).toEqual({ version: stamped.version, commit: stamped.commit, buildTime: stamped.buildTime });
    expect(body.commit).toMatch(/^[0-9a-f]{7,40}(-dirty)?$/);
    expect(total(await text(`${service.url}/metrics`), 'app_info', { commit: stamped.commit })).toBe(1);
  });

  it('when it has started, then its young generation is back to 1 MiB: start-up does not keep the 16 MiB it grew to', async () => {
    const service = await startService();
    const youngGeneration = async () =>
      total(await text(`${service.url}/metrics`), 'nodejs_heap_space_size_total_bytes', { space: 'new' });

    // Settled just after the started line (app/settle-heap.ts).
    const settled = await pollUntil(
      async () => {
        const bytes = await youngGeneration();
        return bytes <= 2 * 1024 * 1024 ? bytes : undefined;
      },
      { what: 'the young generation back to 1 MiB' },
    );

    expect(settled).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('when MANAGEMENT_PORT is set, then the built service answers probes and /metrics there from its worker, and /metrics is 404 on the main port', async () => {
    const managementPort = await freePort();
    const service = await startService({ env: { MANAGEMENT_PORT: String(managementPort) } });
    expect(service.managementPort).toBe(managementPort);
    await fetch(`${service.url}/api/info`);

    const management = `http://127.0.0.1:${managementPort}`;
    // The main thread records a request on the response's 'close', which can come after the
    // client has its answer; the worker scrapes without waiting for that thread, so poll.
    const scrape = await pollUntil(
      async () => {
        const now = await text(`${management}/metrics`);
        return total(now, 'http_requests_total', { route: '/api/info' }) > 0 ? now : undefined;
      },
      { what: '/api/info counted on the management port' },
    );
    const onMain = await fetch(`${service.url}/metrics`);
    const ready = await fetch(`${management}/health/ready`);

    expect(scrape).toContain('process_cpu_seconds_total');
    expect(total(scrape, 'http_requests_total', { route: '/api/info' })).toBe(1);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', phase: 'serving', failing: [] });
    expect((await fetch(`${management}/health/live`)).status).toBe(200);
    expect((await fetch(`${management}/health/startup`)).status).toBe(200);
    expect(onMain.status).toBe(404);
    expect(onMain.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when MANAGEMENT_PORT is taken, then the built service exits non-zero and says which port', async () => {
    const taken = await startService();
    const port = await freePort();
    const proc = spawnService({
      env: { HOST: '127.0.0.1', PORT: String(port), MANAGEMENT_PORT: String(taken.port) },
    });

    const exit = await proc.exited;

    expect(exit.code).toBe(1);
    const fatal = proc.logs.find((line) => line.level === 'fatal');
    expect(fatal?.msg).toBe('sample-api failed to start');
    expect(JSON.stringify(fatal?.err)).toContain(`management port ${taken.port}`);
    expect(proc.logs.filter((line) => line.msg === 'sample-api started')).toEqual([]);
  });

  it('when SERVICE_ROLE=loadgen targets a second instance, then the target counts its requests and the loadgen counts what it sent', async () => {
    const target = await startService();
    const before = total(await text(`${target.url}/metrics`), 'http_requests_total', { route: '/api/info' });
    const loadgen = await startService({
      env: {
        SERVICE_ROLE: 'loadgen',
        LOADGEN_TARGET_URL: target.url,
        LOADGEN_PATHS: '/api/info',
        LOADGEN_RATE_PER_SECOND: '20',
      },
    });

    const grown = await pollUntil(
      async () => {
        const now = total(await text(`${target.url}/metrics`), 'http_requests_total', {
          route: '/api/info',
          status_code: '200',
        });
        return now >= before + 5 ? now : undefined;
      },
      { timeoutMs: 5000, what: 'five loadgen requests counted by the target' },
    );

    expect(grown).toBeGreaterThanOrEqual(before + 5);
    const own = await text(`${loadgen.url}/metrics`);
    expect(
      total(own, 'loadgen_requests_total', { path: '/api/info', outcome: '200' }),
    ).toBeGreaterThanOrEqual(5);
    expect(total(own, 'loadgen_requests_total', { outcome: 'error' })).toBe(0);
  });
});
