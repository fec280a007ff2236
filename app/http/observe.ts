import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import type { Logger } from 'pino';
import type { Lifecycle } from '../domain/lifecycle.js';
import type { HttpMetrics } from '../metrics.js';
import { type AccessLogOptions, accessLine } from './access-log.js';
import { isInfraPath } from './infra-paths.js';
import { requestIdHeader, resolveRequestId } from './request-id.js';
import { routeLabel } from './route-label.js';

export interface ObserveOptions extends AccessLogOptions {
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  readonly lifecycle: Lifecycle;
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
 * `close` listener: the correlation ID, the RED metrics, the access line, and
 * `Connection: close` while draining. One layer instead of four keeps the
 * instrumentation within 10% of bare Express (README, "Performance").
 */
export function observeRequests(options: ObserveOptions): RequestHandler {
  const { metrics, lifecycle } = options;
  const writeLine = accessLine(options.logger, options);
  return (req, res, next) => {
    const id = resolveRequestId(req.headers[requestIdHeader]);
    req.id = id;
    res.setHeader('X-Request-ID', id);
    // Decided when headers are written, so requests that began before the drain close their
    // connection too; otherwise their idle sockets would hold shutdown open.
    onHeaders(res, () => {
      if (lifecycle.phase === 'draining') res.setHeader('Connection', 'close');
    });

    const infra = isInfraPath(req.path);
    const measure = !(infra && options.excludeInfraRoutes);
    const log = !infra || options.logInfraRoutes;
    if (measure || log) {
      const started = performance.now();
      if (measure) metrics.inFlight.inc();
      res.once('close', () => {
        const durationMs = performance.now() - started;
        const status = res.writableFinished ? res.statusCode : clientClosed;
        const route = routeLabel(req);
        if (measure) {
          metrics.inFlight.dec();
          metrics.recordRequest(
            req.method,
            route,
            String(status),
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
