import pino, { type DestinationStream, type Logger } from 'pino';

/** Headers that carry credentials: never written to a log. */
export const redactedPaths = [
  'headers.authorization',
  'headers.cookie',
  'headers["x-admin-token"]',
  'headers["x-service-token"]',
  'headers["proxy-authorization"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-token"]',
  'req.headers["x-service-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  readonly level: string;
  readonly pretty: boolean;
  readonly base: Record<string, unknown>;
  /** Extra fields computed per line (the active trace and span ids when tracing is on). */
  readonly mixin?: () => Record<string, unknown>;
}

/**
 * JSON lines to stdout (or the given stream, for tests), with the level as a
 * word and an ISO time, the way log collectors and humans both read best.
 */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const config: pino.LoggerOptions = {
    level: options.level,
    base: options.base,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...(options.mixin ? { mixin: options.mixin } : {}),
  };
  if (options.pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(config, destination ?? pino.destination({ dest: 1, sync: false }));
}
