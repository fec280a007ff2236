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
      metrics.recordRequest(
        req.method,
        routeLabel(req),
        res.writableFinished ? String(res.statusCode) : clientClosed,
        (performance.now() - started) / 1000,
        sizeOf(req.headers['content-length']),
        sizeOf(res.getHeader('content-length')),
      );
    });
    next();
  };
}
