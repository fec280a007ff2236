import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { HttpMetrics } from '../metrics.js';
import { type AccessLogOptions, accessLine } from './access-log.js';
import { isInfraPath } from './infra-paths.js';
import { requestIdHeader, resolveRequestId } from './request-id.js';
import { routeLabel } from './route-label.js';

export interface ObserveOptions extends AccessLogOptions {
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  /** Leave probes, scrapes and docs out of the RED metrics. */
  readonly excludeInfraRoutes: boolean;
  /** Write access lines for probes, scrapes and docs too. */
  readonly logInfraRoutes: boolean;
}

/** nginx's code for "client closed the request": counted, but never as a server error. */
const clientClosed = 499;

function sizeOf(header: unknown): number {
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/**
 * Everything the service records about a request, in one middleware with one
 * `close` listener: the correlation ID, the RED metrics and the access line.
 * One layer instead of three keeps the instrumentation's cost down (README,
 * "Performance"); `Connection: close` while draining is set by
 * ./drain-connection.ts.
 */
export function observeRequests(options: ObserveOptions): RequestHandler {
  const { metrics } = options;
  const writeLine = accessLine(options.logger, options);
  return (req, res, next) => {
    const id = resolveRequestId(req.headers[requestIdHeader]);
    req.id = id;
    res.setHeader('X-Request-ID', id);

    const infra = isInfraPath(req.path);
    const measure = !(infra && options.excludeInfraRoutes);
    const log = !infra || options.logInfraRoutes;
    if (measure || log) {
      const started = performance.now();
      if (measure) metrics.inFlight.inc();
      res.on('close', () => {
        const durationMs = performance.now() - started;
        const status = res.writableFinished ? res.statusCode : clientClosed;
        const route = routeLabel(req);
        if (measure) {
          metrics.inFlight.dec();
          metrics.recordRequest(
            req.method,
            route,
            status,
            durationMs / 1000,
            sizeOf(req.headers['content-length']),
            sizeOf(res.getHeader('content-length')),
          );
        }
        if (log) writeLine(req, res, route, status, durationMs);
      });
    }
    next();
  };
}
