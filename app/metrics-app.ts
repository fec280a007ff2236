import express from 'express';
import { mountEndpoints } from './http/endpoint.js';
import { notFound, problemRenderer } from './http/problem.js';
import { resolveRequestId } from './http/request-id.js';
import type { HttpMetrics } from './metrics.js';
import { metricsEndpoints } from './routes/metrics.js';

/**
 * /metrics alone, for METRICS_PORT: scrapes then never share the API's port, so
 * a NetworkPolicy can open the metrics port to Prometheus only.
 */
export function createMetricsApp(metrics: HttpMetrics): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    req.id = resolveRequestId(req.headers['x-request-id']);
    next();
  });
  const router = express.Router();
  mountEndpoints(router, metricsEndpoints(metrics));
  app.use(router);
  app.use(notFound());
  app.use(problemRenderer());
  return app;
}
