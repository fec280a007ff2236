/**
 * The PromQL catalogue: every expression the canary analysis, the dashboards
 * and the alert rules use, as typed builders over one list of exported metrics.
 */
export * from './alerts.js';
export * from './analysis.js';
export * from './dashboards.js';
export * from './dependencies.js';
export * from './duration.js';
export * from './grafana.js';
export * from './lint.js';
export * from './metrics.js';
export * from './runtime.js';
export * from './selectors.js';
