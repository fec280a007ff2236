import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHART_IDS } from '../../infra/charts.js';
import { REHEARSAL_CHARTS } from './plan.js';
import { PrometheusNotFoundError } from './prometheus-process.js';
import { rehearse } from './rehearsal.js';
import { renderReport } from './report-html.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

/** Exit codes of `npm run rehearse`. */
export const EXIT = { promoted: 0, aborted: 1, usage: 2, paused: 3, noPrometheus: 4 } as const;

export const USAGE = `usage: npm run rehearse -- [--scenario healthy|errors|slow] [--time-scale 0.2] [--report rehearsal-report/report.html] [--chart ${CHART_IDS.minikube}] [--rate 40]

Replays the Rollout's canary steps locally: a stable and a canary instance of
sample-api, a real Prometheus, weighted traffic, and the AnalysisTemplates'
queries and conditions judged as Argo Rollouts judges them.
Exit: 0 promoted, 1 aborted (Failed or Error), 3 paused (Inconclusive), 2 usage, 4 no prometheus.`;

class UsageError extends Error {}

/** The options the command line chose. */
export interface CliOptions {
  readonly scenario: Scenario;
  readonly timeScale: number;
  readonly report: string;
  readonly chartId: string;
  readonly ratePerSecond: number;
}

/** Parses `npm run rehearse -- …` arguments; throws with a message naming the bad value. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string', default: 'healthy' },
      'time-scale': { type: 'string', default: '0.2' },
      report: { type: 'string', default: 'rehearsal-report/report.html' },
      chart: { type: 'string', default: CHART_IDS.minikube },
      rate: { type: 'string', default: '40' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (!(SCENARIOS as readonly string[]).includes(values.scenario)) {
    throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${values.scenario}"`);
  }
  const timeScale = Number(values['time-scale']);
  if (!(timeScale > 0 && timeScale <= 1)) {
    throw new UsageError(`--time-scale must be a number in (0, 1], got "${values['time-scale']}"`);
  }
  const rate = Number(values.rate);
  if (!(Number.isInteger(rate) && rate >= 1 && rate <= 200)) {
    throw new UsageError(`--rate must be an integer from 1 to 200 requests per second, got "${values.rate}"`);
  }
  if (!(REHEARSAL_CHARTS as readonly string[]).includes(values.chart)) {
    throw new UsageError(`--chart must be one of ${REHEARSAL_CHARTS.join(', ')}, got "${values.chart}"`);
  }
  return {
    scenario: values.scenario as Scenario,
    timeScale,
    report: values.report,
    chartId: values.chart,
    ratePerSecond: rate,
  };
}

/** Where `npm run rehearse` writes and what it reads; the CLI passes the process's own. */
export interface RunIo {
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The whole command: parse, rehearse, write the report, and return the exit code. */
export async function runRehearsal(argv: readonly string[], io: RunIo): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    io.err(`rehearse: ${(error as Error).message}`);
    io.err(USAGE);
    return EXIT.usage;
  }
  if (options === 'help') {
    io.out(USAGE);
    return EXIT.promoted;
  }
  let result: Awaited<ReturnType<typeof rehearse>>;
  try {
    result = await rehearse({ ...options, env: io.env, log: io.out });
  } catch (error) {
    if (!(error instanceof PrometheusNotFoundError)) throw error;
    io.err(`rehearse: the rehearsal needs a Prometheus binary — ${error.message}`);
    return EXIT.noPrometheus;
  }
  const reportPath = resolve(io.cwd, options.report);
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, renderReport(result));
  io.out(`report: ${reportPath}`);
  const { verdict } = result;
  if (verdict.kind === 'promoted') return EXIT.promoted;
  if (verdict.kind === 'paused') {
    io.err(
      'rehearse: paused: inconclusive — Argo would pause the rollout and wait for a human; not promoted',
    );
    return EXIT.paused;
  }
  return EXIT.aborted;
}
