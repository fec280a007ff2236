import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import { LineBlocks } from './line-blocks.js';
import { isoTimeFragments } from './log-time.js';

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

/**
 * stdout (or `dest`), written in blocks of 8 KiB and at least every 250 ms. A write
 * is a system call, and on the benchmark machine a system call costs about as
 * much as the rest of a request: one write per line cost ~30 µs of CPU per
 * request, one per ~25 lines under 2. Lines wait at most 250 ms and are flushed
 * synchronously when the process exits (lost only if it is SIGKILLed, e.g.
 * OOM-killed, within that window). The blocks are gathered by ./line-blocks.ts.
 *
 * Each block is written synchronously, as pino's default destination and Node's
 * own stdout on a pipe write: a collector that stops reading holds the event loop
 * once the pipe is full, rather than letting lines pile up in memory. Written
 * through libuv's thread pool instead, lines waited on its threads, outlived two
 * young-generation collections and were promoted: ~190 bytes a request under
 * load (6 written synchronously), and the old generation grew by ~3 MB a second
 * until a full collection.
 */
export function bufferedDestination(dest: number | string = 1): DestinationStream {
  return new LineBlocks(pino.destination({ dest, sync: true }), 8192, 250);
}

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
    timestamp: isoTimeFragments(),
    formatters: { level: (label) => ({ level: label }) },
    ...(options.mixin ? { mixin: options.mixin } : {}),
  };
  if (options.pretty) {
    // A stream in this thread, not a transport: a transport's worker is a file of pino's that the
    // bundle (build/) does not have. pino-pretty is a dev dependency, so it is required only here.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    return pino(config, pretty.build({ translateTime: 'SYS:HH:MM:ss.l', destination: 1, sync: true }));
  }
  return pino(config, destination ?? bufferedDestination());
}
