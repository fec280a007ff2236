/**
 * The PromQL catalogue: every expression the canary analysis uses (and, later,
 * the dashboards and alerts), as typed builders over one list of exported metrics.
 */
export * from './analysis.js';
export * from './duration.js';
export * from './lint.js';
export * from './metrics.js';
export * from './selectors.js';
