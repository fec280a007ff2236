import type { Request, Response } from 'express';
import pino, { type Logger } from 'pino';

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

type Level = 'info' | 'warn' | 'error';
type LeanWrite = (level: Level, req: Request, route: string, status: number, durationMs: number) => void;

const { lsCacheSym, timeSym, chindingsSym, endSym, streamSym, mixinSym, hooksSym, nestedKeySym } =
  pino.symbols;

/**
 * The common access line (no error, no headers) written the way pino writes it,
 * from pino's own level prefix, time function and bindings, straight to the
 * logger's destination. pino's general path (walk the object, pick a
 * stringifier per key, redact) cost several µs a line here; this costs about
 * one: method and request ID are already token-safe, route templates are
 * escaped once each, and only the URL goes through JSON.stringify per line.
 * Undefined when the logger does anything per line this would skip (a mixin
 * such as trace ids, hooks, a nested key or a message prefix): then every line
 * goes through pino. The parity test in
 * test/app/access-log.test.ts compares both outputs.
 */
function leanWriter(logger: Logger): LeanWrite | undefined {
  const l = logger as unknown as Record<symbol, unknown>;
  const hooks = l[hooksSym] as { streamWrite?: unknown } | undefined;
  if (l[mixinSym] || hooks?.streamWrite || l[nestedKeySym] || logger.msgPrefix) return undefined;
  const prefix = l[lsCacheSym] as Record<number, string>;
  const time = l[timeSym] as () => string;
  const bindings = l[chindingsSym] as string;
  const end = l[endSym] as string;
  const stream = l[streamSym] as { write(line: string): unknown };
  const values = logger.levels.values;
  // Route templates are a bounded set: each is escaped once, not once a line.
  const escaped = new Map<string, string>();
  const escapeRoute = (route: string) => {
    let e = escaped.get(route);
    if (e === undefined) {
      e = JSON.stringify(route).slice(1, -1);
      escaped.set(route, e);
    }
    return e;
  };
  return (level, req, route, status, durationMs) => {
    const r = escapeRoute(route);
    stream.write(
      `${prefix[values[level]!]}${time()}${bindings},"requestId":"${req.id}","method":"${req.method}"` +
        `,"route":"${r}","url":${JSON.stringify(req.originalUrl)},"status":${status}` +
        `,"durationMs":${durationMs},"msg":"${req.method} ${r} ${status}"${end}`,
    );
  };
}

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
  const lean = withHeaders ? undefined : leanWriter(logger);
  return (req, res, route, status, durationMs) => {
    const level: Level = status >= 500 || res.err ? 'error' : status >= 400 ? 'warn' : 'info';
    if (
      level === 'info' &&
      options.sampleRate < 1 &&
      durationMs < options.slowMs &&
      random() >= options.sampleRate
    )
      return;
    if (!logger.isLevelEnabled(level)) return;
    const rounded = Math.round(durationMs * 10) / 10;
    if (lean && !res.err) {
      lean(level, req, route, status, rounded);
      return;
    }
    const line: Record<string, unknown> = {
      requestId: req.id,
      method: req.method,
      route,
      url: req.originalUrl,
      status,
      durationMs: rounded,
    };
    if (res.err) line.err = res.err;
    if (withHeaders) line.headers = req.headers;
    logger[level](line, `${req.method} ${route} ${status}`);
  };
}
