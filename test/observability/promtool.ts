import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's `prometheus` package (CI installs it with apt) brings both binaries. */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** Why the real-Prometheus tests are skipped, or undefined when they run. */
export const SKIP_REASON = existsSync(PROMETHEUS_BIN)
  ? undefined
  : `${PROMETHEUS_BIN} is absent: install Debian's prometheus (apt-get install prometheus) to run these tests`;
if (SKIP_REASON) console.warn(`skipping real-Prometheus tests: ${SKIP_REASON}`);

/** Result of one promtool run. */
export interface PromtoolResult {
  readonly status: number;
  /** stdout and stderr together, as a user would read them. */
  readonly output: string;
}

/** Runs `promtool <args>`, optionally with `input` on stdin. */
export function promtool(args: readonly string[], input?: string): PromtoolResult {
  const run = spawnSync(PROMTOOL_BIN, args, { input, encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}
