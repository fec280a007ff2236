import { findPrometheus } from '../../rollouts/rehearsal/prometheus-process.js';

/**
 * Whether a `prometheus` binary is available. CI installs one (.ci/run), so
 * there its absence fails the suite; on a laptop without it the tests that need
 * it are skipped with the install hint.
 */
export const hasPrometheus: boolean = (() => {
  try {
    findPrometheus(process.env);
    return true;
  } catch (error) {
    if (process.env.CI) throw error;
    console.warn(`rehearsal tests needing Prometheus skipped: ${(error as Error).message}`);
    return false;
  }
})();
