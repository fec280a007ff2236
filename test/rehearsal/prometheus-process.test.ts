import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPrometheus,
  PrometheusNotFoundError,
  PrometheusStartError,
  prometheusConfig,
  type RunningPrometheus,
  startPrometheus,
} from '../../rollouts/rehearsal/prometheus-process.js';
import { instantQuery, PrometheusQueryError } from '../../rollouts/rehearsal/prometheus-query.js';
import { hasPrometheus } from './needs-prometheus.js';

/** A scrape target serving a fixed exposition: the outside world, not our code. */
async function exposition(text: string): Promise<{ server: Server; address: string }> {
  const server = createServer((_req, res) => res.end(text));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'prom-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('findPrometheus', () => {
  it('when PROMETHEUS_BIN names an executable, then it is used', () => {
    const bin = script('prom-ok', 'exit 0');
    expect(findPrometheus({ PROMETHEUS_BIN: bin, PATH: '' })).toBe(bin);
  });

  it('when PROMETHEUS_BIN is not executable, then the error names it and says how to install one', () => {
    const call = () => findPrometheus({ PROMETHEUS_BIN: join(scratch, 'missing'), PATH: '/usr/bin' });
    expect(call).toThrow(PrometheusNotFoundError);
    expect(call).toThrow(/PROMETHEUS_BIN=.*missing is not an executable/);
  });

  it('when PATH has no prometheus, then the error says apt-get install or PROMETHEUS_BIN', () => {
    const call = () => findPrometheus({ PATH: scratch });
    expect(call).toThrow(/sudo apt-get install prometheus/);
    expect(call).toThrow(/prometheus\.io\/download.*PROMETHEUS_BIN/);
    expect(() => findPrometheus({})).toThrow(PrometheusNotFoundError);
  });

  it('when PATH holds prometheus, then the first one is found', () => {
    const dir = mkdtempSync(join(scratch, 'bin-'));
    const bin = join(dir, 'prometheus');
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    expect(findPrometheus({ PATH: `${scratch}/nowhere:${dir}:/usr/bin` })).toBe(bin);
  });
});

describe('prometheusConfig', () => {
  it('when targets carry labels and paths, then each gets its own static group', () => {
    const config = prometheusConfig({
      targets: [
        { address: '127.0.0.1:1', labels: { role: 'stable' } },
        { address: '127.0.0.1:2', labels: { role: 'canary' }, metricsPath: '/m' },
      ],
      scrapeInterval: '2s',
      ruleFiles: ['/r.yml'],
    });
    expect(config).toMatchObject({
      global: { scrape_interval: '2s', evaluation_interval: '1s' },
      rule_files: ['/r.yml'],
      scrape_configs: [
        {
          static_configs: [
            { targets: ['127.0.0.1:1'], labels: { role: 'stable' } },
            { targets: ['127.0.0.1:2'], labels: { role: 'canary', __metrics_path__: '/m' } },
          ],
        },
      ],
    });
  });
});

describe.skipIf(!hasPrometheus)('startPrometheus with the real binary', () => {
  let prometheus: RunningPrometheus;
  const servers: Server[] = [];

  beforeAll(async () => {
    const stable = await exposition('demo_requests_total 10\n');
    const canary = await exposition('demo_requests_total 4\n');
    servers.push(stable.server, canary.server);
    const rules = join(scratch, 'rules.yml');
    writeFileSync(
      rules,
      'groups:\n- name: demo\n  rules:\n  - record: demo:requests:sum\n    expr: sum(demo_requests_total)\n',
    );
    prometheus = await startPrometheus({
      targets: [
        { address: stable.address, labels: { role: 'stable', rollouts_pod_template_hash: 'aaa' } },
        { address: canary.address, labels: { role: 'canary', rollouts_pod_template_hash: 'bbb' } },
      ],
      ruleFiles: [rules],
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    for (const server of servers) server.close();
  });

  it('when both targets are scraped, then every series carries its target labels', async () => {
    const samples = await until(async () => {
      const result = await instantQuery(prometheus.url, 'demo_requests_total');
      return result.type === 'vector' && result.samples.length === 2 ? result.samples : undefined;
    });
    const byRole = Object.fromEntries(samples.map((s) => [s.labels.role, s]));
    expect(byRole.canary).toMatchObject({ value: 4, labels: { rollouts_pod_template_hash: 'bbb' } });
    expect(byRole.stable).toMatchObject({ value: 10, labels: { rollouts_pod_template_hash: 'aaa' } });
  });

  it('when a rule file is given, then its rules are evaluated', async () => {
    const value = await until(async () => {
      const result = await instantQuery(prometheus.url, 'demo:requests:sum');
      return result.type === 'vector' && result.samples[0]?.value === 14 ? 14 : undefined;
    });
    expect(value).toBe(14);
  });

  it('when a query returns a scalar, NaN or infinities, then they are numbers', async () => {
    expect(await instantQuery(prometheus.url, '0.5')).toEqual({ type: 'scalar', value: 0.5 });
    expect(await instantQuery(prometheus.url, '0/0')).toEqual({ type: 'scalar', value: Number.NaN });
    expect(await instantQuery(prometheus.url, '1/0')).toEqual({ type: 'scalar', value: Infinity });
    expect(await instantQuery(prometheus.url, '-1/0')).toEqual({ type: 'scalar', value: -Infinity });
    expect(await instantQuery(prometheus.url, 'nothing_here', new Date())).toEqual({
      type: 'vector',
      samples: [],
    });
  });

  it('when a query is invalid or of another type, then it is a PrometheusQueryError', async () => {
    await expect(instantQuery(prometheus.url, 'sum(')).rejects.toThrow(PrometheusQueryError);
    await expect(instantQuery(prometheus.url, 'demo_requests_total[1m]')).rejects.toThrow(
      /metric type not supported: matrix/,
    );
    await expect(instantQuery(prometheus.url, '"text"')).rejects.toThrow(/not supported: string/);
  });

  it('when stop() is called, then the process is gone and its directory removed', async () => {
    const other = await startPrometheus({ targets: [] });
    expect(existsSync(other.dir)).toBe(true);
    await Promise.all([other.stop(), other.stop()]);
    expect(existsSync(other.dir)).toBe(false);
    await expect(instantQuery(other.url, 'up')).rejects.toThrow(PrometheusQueryError);
  });
});

describe('startPrometheus failures', () => {
  it('when no binary is found, then it rejects with the install hint', async () => {
    await expect(startPrometheus({ targets: [], env: { PATH: scratch } })).rejects.toThrow(
      PrometheusNotFoundError,
    );
  });

  it('when the binary exits at once, then it rejects with its stderr', async () => {
    const bin = script('prom-exits', 'echo "bad flag" >&2; exit 3');
    await expect(startPrometheus({ targets: [], env: { PROMETHEUS_BIN: bin } })).rejects.toThrow(
      PrometheusStartError,
    );
    await expect(startPrometheus({ targets: [], env: { PROMETHEUS_BIN: bin } })).rejects.toThrow(
      /exited \(3\): bad flag/,
    );
  });

  it('when the binary never becomes ready, then it is killed after the timeout', async () => {
    const pidFile = join(scratch, 'hang.pid');
    const bin = script('prom-hangs', `echo $$ > ${pidFile}; exec sleep 30`);
    await expect(
      startPrometheus({ targets: [], env: { PROMETHEUS_BIN: bin }, readyTimeoutMs: 500 }),
    ).rejects.toThrow(/not ready at http:\/\/127\.0\.0\.1:\d+ within 500 ms/);
    const { readFileSync } = await import('node:fs');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
