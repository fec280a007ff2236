// npm run bench: the instrumentation's cost, measured side by side in one run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { type LoadResult, runLoad } from './autocannon-run.js';
import { measureColdStart } from './cold-start.js';
import { type BenchServer, startVariant } from './processes.js';
import { median, percentile, sampleWhile } from './timing.js';

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
const variants = ['bare', 'full', 'full-sampled'] as const;
const log = (line: string) => process.stderr.write(`${line}\n`);

const servers: BenchServer[] = [];
try {
  log(
    `bench: ${rounds} round(s) × ${variants.length} variants × ${seconds}s at ${connections} connections (node ${process.version})`,
  );
  const byVariant = Object.fromEntries(
    await Promise.all(variants.map(async (v) => [v, await startVariant(v)] as const)),
  );
  servers.push(...Object.values(byVariant));
  const runs: Record<string, LoadResult[]> = Object.fromEntries(variants.map((v) => [v, []]));
  const ratios: Record<string, number[]> = { full: [], 'full-sampled': [] };

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
    for (const v of ['full', 'full-sampled'] as const)
      ratios[v]!.push(thisRound[v]!.rps / thisRound.bare!.rps);
    log(
      `  round ${round + 1}/${rounds}: ${order.map((v) => `${v} ${thisRound[v]!.rps.toFixed(0)} rps`).join(', ')}`,
    );
  }

  // Scrape and probe latency while the full stack is saturated, with a realistic series count.
  const loaded = await startVariant('full', { BENCH_SERIES_ROUTES: smoke ? '5' : '50' });
  servers.push(loaded);
  const base = `http://127.0.0.1:${loaded.port}`;
  const load = runLoad({
    url: `${base}/api/info`,
    connections: connections * 2,
    durationSeconds: seconds * 2,
    inWorker: true,
  });
  const scrapeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const [scrapes, probes, background] = await Promise.all([
    sampleWhile(`${base}/metrics`, 50, load, scrapeAgent),
    sampleWhile(`${base}/health/ready`, 20, load, false),
    load,
  ]);
  scrapeAgent.destroy();
  const metricsText = await fetch(`${base}/metrics`).then((r) => r.text());
  const seriesCount = metricsText.split('\n').filter((l) => l && !l.startsWith('#')).length;

  const starts = [];
  for (let i = 0; i < coldStarts; i++) starts.push(await measureColdStart());

  const summary = (v: string) => ({
    rps: median(runs[v]!.map((r) => r.rps)),
    p50Ms: median(runs[v]!.map((r) => r.p50Ms)),
    p99Ms: median(runs[v]!.map((r) => r.p99Ms)),
    errors: runs[v]!.reduce((n, r) => n + r.errors + r.non2xx, 0),
  });
  const result = {
    machine: {
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      platform: process.platform,
    },
    settings: { rounds, seconds, connections },
    throughput: { bare: summary('bare'), full: summary('full'), fullSampled: summary('full-sampled') },
    ratio: { full: median(ratios.full!), fullSampled: median(ratios['full-sampled']!) },
    scrape: {
      series: seriesCount,
      samples: scrapes.length,
      p50Ms: percentile(scrapes, 50),
      p99Ms: percentile(scrapes, 99),
    },
    probe: {
      samples: probes.length,
      p50Ms: percentile(probes, 50),
      p99Ms: percentile(probes, 99),
      loadRps: background.rps,
    },
    coldStart: {
      runs: coldStarts,
      readyMs: median(starts.map((s) => s.readyMs)),
      idleRssMiB: median(starts.map((s) => s.idleRssMiB)),
    },
  };

  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows = [
    [
      'Throughput ratio, full stack / bare Express',
      result.ratio.full.toFixed(3),
      '≥ 0.90',
      verdict(result.ratio.full >= 0.9),
    ],
    ['Throughput ratio, access log sampled 10%', result.ratio.fullSampled.toFixed(3), '(reported)', ''],
    [
      'Bare Express /api/info',
      `${result.throughput.bare.rps.toFixed(0)} rps, p50 ${result.throughput.bare.p50Ms} ms, p99 ${result.throughput.bare.p99Ms} ms`,
      '',
      '',
    ],
    [
      'Full stack /api/info',
      `${result.throughput.full.rps.toFixed(0)} rps, p50 ${result.throughput.full.p50Ms} ms, p99 ${result.throughput.full.p99Ms} ms`,
      '',
      '',
    ],
    [
      `/metrics p99 under load (${seriesCount} series)`,
      `${result.scrape.p99Ms.toFixed(2)} ms`,
      '< 10 ms',
      verdict(result.scrape.p99Ms < 10),
    ],
    [
      '/health/ready p99 while saturated',
      `${result.probe.p99Ms.toFixed(2)} ms`,
      '< 50 ms',
      verdict(result.probe.p99Ms < 50),
    ],
    [
      'Cold start to /health/startup 200',
      `${result.coldStart.readyMs.toFixed(0)} ms`,
      '< 300 ms',
      verdict(result.coldStart.readyMs < 300),
    ],
    [
      'Idle resident memory',
      `${result.coldStart.idleRssMiB.toFixed(1)} MiB`,
      '< 80 MiB',
      verdict(result.coldStart.idleRssMiB < 80),
    ],
  ];
  console.log(`\n| Measure | Value | Target | |\n| --- | --- | --- | --- |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  mkdirSync(new URL('.', `file://${process.cwd()}/${args.json}`), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nbench: results in ${args.json}`);
} finally {
  for (const s of servers) s.stop();
}
