import express from 'express';
import { mountEndpoints } from './http/endpoint.js';
import { notFound, problemRenderer } from './http/problem.js';
import { requestId } from './http/request-id.js';
import type { HttpMetrics } from './metrics.js';
import { metricsEndpoints } from './routes/metrics.js';

/**
 * /metrics alone, for METRICS_PORT: scrapes then never share the API's port, so
 * a NetworkPolicy can open the metrics port to Prometheus only.
 */
export function createMetricsApp(metrics: HttpMetrics): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId());
  const router = express.Router();
  mountEndpoints(router, metricsEndpoints(metrics));
  app.use(router);
  app.use(notFound());
  app.use(problemRenderer());
  return app;
}
