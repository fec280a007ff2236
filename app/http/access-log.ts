import type { Request, Response } from 'express';
import type { Logger } from 'pino';

export interface AccessLogOptions {
  /** Share of successful, fast requests logged (0..1); errors and slow requests are always logged. */
  readonly sampleRate: number;
  /** A request at least this slow is always logged. */
  readonly slowMs: number;
  /** The sampling dice, injected for tests. */
  readonly random?: () => number;
}

export type AccessLine = (
  req: Request,
  res: Response,
  route: string,
  status: number,
  durationMs: number,
) => void;

/**
 * Writes the one JSON access line of a request: method, route template,
 * status, duration and request ID; `error` for 5xx (with the stack when one was
 * caught), `warn` for 4xx; headers only at debug level. Built on pino directly
 * rather than pino-http, which makes two child loggers per request and
 * serialises the request eagerly: the largest single cost in the benchmark's
 * profile (README, "Performance").
 */
export function accessLine(logger: Logger, options: AccessLogOptions): AccessLine {
  const random = options.random ?? Math.random;
  const withHeaders = logger.isLevelEnabled('debug');
  return (req, res, route, status, durationMs) => {
    const level = status >= 500 || res.err ? 'error' : status >= 400 ? 'warn' : 'info';
    if (
      level === 'info' &&
      options.sampleRate < 1 &&
      durationMs < options.slowMs &&
      random() >= options.sampleRate
    )
      return;
    const line: Record<string, unknown> = {
      requestId: req.id,
      method: req.method,
      route,
      url: req.originalUrl,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
    };
    if (res.err) line.err = res.err;
    if (withHeaders) line.headers = req.headers;
    logger[level](line, `${req.method} ${route} ${status}`);
  };
}
