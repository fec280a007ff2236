import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isInfraPath } from './infra-paths.js';
import { routeLabel } from './route-label.js';

export interface AccessLogOptions {
  /** Log probes, scrapes and docs too. */
  readonly logInfraRoutes: boolean;
  /** Share of successful, fast requests logged (0..1); errors and slow requests are always logged. */
  readonly sampleRate: number;
  /** A request at least this slow is always logged. */
  readonly slowMs: number;
  /** The sampling dice, injected for tests. */
  readonly random?: () => number;
}

/**
 * One JSON access line per request: method, route template, status, duration
 * and request ID; `error` for 5xx (with the stack when one was caught), `warn`
 * for 4xx. Headers are written only at debug level. Built on pino directly
 * rather than pino-http, which makes two child loggers per request and
 * serialises the request eagerly; that was the largest single cost in the
 * benchmark's profile (see README, "Performance").
 */
export function accessLog(logger: Logger, options: AccessLogOptions): RequestHandler {
  const random = options.random ?? Math.random;
  const withHeaders = logger.isLevelEnabled('debug');
  return (req, res, next) => {
    if (!options.logInfraRoutes && isInfraPath(req.path)) {
      next();
      return;
    }
    const started = performance.now();
    res.once('close', () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const status = res.writableFinished ? res.statusCode : 499;
      const level = status >= 500 || res.err ? 'error' : status >= 400 ? 'warn' : 'info';
      if (
        level === 'info' &&
        options.sampleRate < 1 &&
        durationMs < options.slowMs &&
        random() >= options.sampleRate
      )
        return;
      const route = routeLabel(req);
      const line: Record<string, unknown> = {
        requestId: req.id,
        method: req.method,
        route,
        url: req.originalUrl,
        status,
        durationMs,
      };
      if (res.err) line.err = res.err;
      if (withHeaders) line.headers = req.headers;
      logger[level](line, `${req.method} ${route} ${status}`);
    });
    next();
  };
}
