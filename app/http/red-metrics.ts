import type { RequestHandler } from 'express';
import type { HttpMetrics } from '../metrics.js';
import { isInfraPath } from './infra-paths.js';
import { routeLabel } from './route-label.js';

/** nginx's code for "client closed the request": counted, but never as a server error. */
const clientClosed = '499';

function sizeOf(header: unknown): number {
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Records rate, errors and duration of every request when its response ends. */
export function redMetrics(
  metrics: HttpMetrics,
  options: { readonly excludeInfraRoutes: boolean },
): RequestHandler {
  return (req, res, next) => {
    if (options.excludeInfraRoutes && isInfraPath(req.path)) {
      next();
      return;
    }
    const started = performance.now();
    metrics.inFlight.inc();
    res.once('close', () => {
      metrics.inFlight.dec();
      const route = routeLabel(req);
      const status = res.writableFinished ? String(res.statusCode) : clientClosed;
      metrics.requests.labels(req.method, route, status).inc();
      metrics.duration.labels(req.method, route, status).observe((performance.now() - started) / 1000);
      metrics.requestSize.labels(req.method, route).observe(sizeOf(req.headers['content-length']));
      metrics.responseSize.labels(req.method, route).observe(sizeOf(res.getHeader('content-length')));
    });
    next();
  };
}
