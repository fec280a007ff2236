import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, runRehearsal } from '../../rollouts/rehearsal/run.js';
import { hasPrometheus } from './needs-prometheus.js';
import { chromiumPath, inspectReport } from './report-browser.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Concurrent: each rehearsal mostly waits on its (scaled) pauses and intervals.
describe
  .skipIf(!hasPrometheus)
  .concurrent('npm run rehearse (real service instances, real Prometheus, time scale 0.05)', () => {
    it('when the canary fails 20% of requests, then the first analysis step fails and the rollout aborts', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const started = Date.now();
      const code = await runRehearsal(
        ['--scenario', 'errors', '--time-scale', '0.05', '--report', 'errors/report.html'],
        {
          env: process.env,
          cwd: dir,
          out: (line) => out.push(line),
          err: (line) => err.push(line),
        },
      );
      const elapsed = Date.now() - started;
      console.log(`errors rehearsal: verdict after ${(elapsed / 1000).toFixed(1)} s`);

      expect(code, out.join('\n')).toBe(EXIT.aborted);
      const text = out.join('\n');
      expect(text).toMatch(/step 1\/6 weight 0% · setWeight 25/);
      expect(text).toMatch(/step 3\/6 weight 25% · analysis sample-api-success-rate, sample-api-latency/);
      // The measured values that decided it, printed as Argo's `result`.
      const failed = [...text.matchAll(/success-rate #\d+: result=\[(0\.\d+)\] → Failed/g)].map((m) =>
        Number(m[1]),
      );
      expect(failed.length).toBeGreaterThanOrEqual(2);
      for (const value of failed) expect(value).toBeLessThan(0.95);
      expect(text).toContain('success-rate: Failed — failed (2) > failureLimit (1)');
      expect(text).toMatch(
        /verdict after [\d.]+s \(start-up [\d.]+s\): aborted at step 3 \(AnalysisRun Failed\)/,
      );
      expect(text).not.toMatch(/step 4\/6/);
      expect(err).toEqual([]);

      const report = join(dir, 'errors/report.html');
      expect(readFileSync(report, 'utf8')).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
      if (!existsSync(chromiumPath)) return;
      const seen = await inspectReport(report, join(tmpdir(), 'rehearsal-report-errors.png'));
      expect(seen.verdict).toBe('aborted at step 3 (AnalysisRun Failed)');
      expect(seen.requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(seen.errors).toEqual([]);
      expect(seen.charts.map((c) => c.id)).toEqual(['success-rate', 'latency-p95']);
      for (const chart of seen.charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.height).toBeGreaterThan(100);
        expect(Object.keys(chart.series)).toEqual(['stable', 'canary']);
        expect(chart.series.stable).toBeGreaterThan(50);
        expect(chart.series.canary).toBeGreaterThan(50);
        expect(chart.thresholdWidth).toBeGreaterThan(300);
      }
      expect(seen.charts[0]?.markers.Failed).toBeGreaterThanOrEqual(2);
    }, 180_000);

    it('when the canary behaves like stable, then every analysis step succeeds and it is promoted', async () => {
      const out: string[] = [];
      const started = Date.now();
      const code = await runRehearsal(['--time-scale', '0.05', '--report', 'healthy/report.html'], {
        env: process.env,
        cwd: dir,
        out: (line) => out.push(line),
        err: (line) => out.push(`stderr: ${line}`),
      });
      console.log(`healthy rehearsal: verdict after ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const text = out.join('\n');
      expect(code, text).toBe(EXIT.promoted);
      for (const step of [1, 2, 3, 4, 5, 6]) expect(text).toContain(`step ${step}/6`);
      expect(text).toContain('step 4/6 weight 25% · setWeight 50');
      expect(text.match(/AnalysisRun Successful/g)).toHaveLength(2);
      const successRates = [...text.matchAll(/success-rate #\d+: result=\[([\d.]+)\] → Successful/g)];
      expect(successRates.length).toBeGreaterThanOrEqual(8);
      expect(text).toMatch(/verdict after [\d.]+s \(start-up [\d.]+s\): promoted/);
      const report = join(dir, 'healthy/report.html');
      expect(text).toContain(`report: ${report}`);

      if (!existsSync(chromiumPath)) return;
      const seen = await inspectReport(report, join(tmpdir(), 'rehearsal-report-healthy.png'));
      expect(seen.verdict).toBe('promoted');
      expect(seen.charts).toHaveLength(2);
      for (const chart of seen.charts) {
        expect(chart.series.stable).toBeGreaterThan(50);
        expect(chart.series.canary).toBeGreaterThan(50);
        expect(chart.thresholdWidth).toBeGreaterThan(300);
        expect(chart.markers).toEqual({ Successful: 8 });
      }
    }, 180_000);
  });
