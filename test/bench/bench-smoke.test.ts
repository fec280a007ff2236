import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The benchmark in its tiny configuration, so it keeps working. Its figures are
// machine-dependent and judged by a person reading `npm run bench`, never here.
describe('npm run bench -- --smoke', () => {
  it('when run tiny, then every measure comes back as a number and the table is printed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'bench.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/bench.ts', '--smoke', '--json', out],
      { timeout: 180_000 },
    );
    expect(stdout).toContain('| Throughput ratio, full stack / bare Express |');
    const result = JSON.parse(readFileSync(out, 'utf8'));
    for (const value of [
      result.ratio.full,
      result.ratio.fullSampled,
      result.ratio.naive,
      result.scrape.p99Ms,
      result.probe.p99Ms,
      result.coldStart.readyMs,
      result.coldStart.idleRssMiB,
      result.coldStart.idleRssFileMiB,
      result.coldStart.settledRssMiB,
      result.coldStart.settledRssWithoutWorkerMiB,
      result.coldStartUncached.readyMs,
      result.coldStartPglite.readyMs,
    ]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
    expect(result.scrape.series).toBeGreaterThan(100);
    for (const variant of ['bare', 'full', 'fullSampled', 'naive'])
      expect(result.throughput[variant].errors).toBe(0);
  }, 200_000);
});
