import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, parseCliArgs, runRehearsal, USAGE } from '../../rollouts/rehearsal/run.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: Record<string, string | undefined> = process.env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRehearsal(argv, { env, cwd: dir, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('parseCliArgs', () => {
  it('when no options are given, then healthy at time scale 0.2 on the minikube chart', () => {
    expect(parseCliArgs([])).toEqual({
      scenario: 'healthy',
      timeScale: 0.2,
      report: 'rehearsal-report/report.html',
      chartId: 'sample-api-minikube',
      ratePerSecond: 40,
    });
    expect(parseCliArgs(['--scenario', 'slow', '--time-scale', '0.5', '--rate', '10'])).toMatchObject({
      scenario: 'slow',
      timeScale: 0.5,
      ratePerSecond: 10,
    });
  });
});

describe('runRehearsal without a rehearsal', () => {
  it.each([
    [['--scenario', 'broken'], '--scenario must be one of healthy, errors, slow, got "broken"'],
    [['--time-scale', '0'], '--time-scale must be a number in (0, 1], got "0"'],
    [['--time-scale', 'fast'], '--time-scale must be a number in (0, 1], got "fast"'],
    [['--rate', '1000'], '--rate must be an integer from 1 to 200'],
    [['--chart', 'x'], '--chart must be one of sample-api-minikube'],
    [['--nope'], "Unknown option '--nope'"],
  ])('when the arguments are %j, then exit 2 with %s', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(message);
    expect(err).toContain(USAGE);
  });

  it('when --help is given, then the usage is printed and it exits 0', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: USAGE, err: '' });
  });

  it('when no prometheus binary can be found, then exit 4 with the install hint, before starting anything', async () => {
    const started = Date.now();
    const { code, err, out } = await run(['--scenario', 'errors'], { PATH: dir });
    expect(code).toBe(EXIT.noPrometheus);
    expect(err).toContain('the rehearsal needs a Prometheus binary');
    expect(err).toContain('sudo apt-get install prometheus');
    expect(err).toContain('PROMETHEUS_BIN');
    expect(out).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
